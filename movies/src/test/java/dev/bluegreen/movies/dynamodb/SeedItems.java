package dev.bluegreen.movies.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items as the seed's loader wrote them: the sample's JSON object turned into DynamoDB types one for one (boto3 with
 * Decimal numbers), independently of the store's own mapper, so that tests can compare the two.
 */
final class SeedItems {

    private SeedItems() {
    }

    static Map<String, AttributeValue> of(Movie movie) {
        try {
            return of(MovieJson.MAPPER.readTree(MovieJson.MAPPER.writeValueAsString(movie)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, AttributeValue> of(JsonNode object) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        object.properties().forEach(e -> item.put(e.getKey(), value(e.getValue())));
        return item;
    }

    private static AttributeValue value(JsonNode node) {
        if (node.isNumber()) {
            return AttributeValue.fromN(node.decimalValue().toPlainString());
        }
        if (node.isTextual()) {
            return AttributeValue.fromS(node.textValue());
        }
        if (node.isArray()) {
            List<AttributeValue> values = new ArrayList<>();
            node.forEach(v -> values.add(value(v)));
            return AttributeValue.fromL(values);
        }
        if (node.isObject()) {
            return AttributeValue.fromM(of(node));
        }
        throw new IllegalArgumentException("the sample has no " + node.getNodeType() + " values");
    }
}
