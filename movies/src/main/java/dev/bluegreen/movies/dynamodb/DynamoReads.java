package dev.bluegreen.movies.dynamodb;

import static dev.bluegreen.movies.dynamodb.MovieItems.TITLE;
import static dev.bluegreen.movies.dynamodb.MovieItems.YEAR;

import dev.bluegreen.movies.Movie;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** The queries and scans the store is built from, each following every page DynamoDB hands back. */
final class DynamoReads {

    /** A text filter in Java discards some of what a Query returns: ask for more than is needed per page. */
    private static final int FILTERED_PAGE = 100;

    private final DynamoDbClient client;
    private final DynamoCalls calls;

    DynamoReads(DynamoDbClient client, DynamoCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    Optional<Movie> get(int year, String title) {
        Map<String, AttributeValue> item = calls.call("reading a movie",
                () -> client.getItem(b -> b.tableName(calls.table()).key(MovieItems.key(year, title))).item());
        // an absent item comes back as an empty (auto-constructed) map, not null
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(MovieItems.fromItem(item));
    }

    /** Every movie of a year, in title order (the range key's order, which is UTF-8 byte order). */
    List<Movie> byYear(int year) {
        QueryRequest request = QueryRequest.builder().tableName(calls.table())
                .keyConditionExpression("#y = :y")
                .expressionAttributeNames(Map.of("#y", YEAR))
                .expressionAttributeValues(Map.of(":y", MovieItems.number(year)))
                .build();
        return calls.call("querying a year",
                () -> client.queryPaginator(request).items().stream().map(MovieItems::fromItem).toList());
    }

    /** Every movie with this title, from the {@code title-index}, ordered by year. */
    List<Movie> byTitle(String title) {
        QueryRequest request = QueryRequest.builder().tableName(calls.table()).indexName(MoviesTable.TITLE_INDEX)
                .keyConditionExpression("#t = :t")
                .expressionAttributeNames(Map.of("#t", TITLE))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(title)))
                .build();
        List<Movie> movies = calls.call("querying the " + MoviesTable.TITLE_INDEX,
                () -> client.queryPaginator(request).items().stream().map(MovieItems::fromItem).toList());
        // the index has no range key, so DynamoDB promises no order among a title's years
        return movies.stream().sorted(Comparator.comparingInt(Movie::year)).toList();
    }

    /**
     * Up to {@code need} movies of one year accepted by {@code keep}, in title order (the range key's order, which
     * is UTF-8 byte order), with titles after {@code bound} (inclusive or not; null: from the first). The bound is a
     * key condition rather than an ExclusiveStartKey because it is sometimes inclusive, and need not be a stored key.
     */
    List<Movie> yearFrom(int year, String bound, boolean inclusive, Predicate<Movie> keep, int need) {
        Map<String, String> names = new HashMap<>(Map.of("#y", YEAR));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":y", MovieItems.number(year)));
        String condition = "#y = :y";
        if (bound != null) {
            condition += " AND #t " + (inclusive ? ">=" : ">") + " :t";
            names.put("#t", TITLE);
            values.put(":t", AttributeValue.fromS(bound));
        }
        // Limit counts items evaluated, not kept: with a filter (ours is in Java) a page may keep fewer than asked
        QueryRequest.Builder request = QueryRequest.builder().tableName(calls.table())
                .keyConditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                .limit(keep == null ? need : Math.max(need, FILTERED_PAGE));
        List<Movie> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest page = request.exclusiveStartKey(start).build();
            QueryResponse response = calls.call("querying a year", () -> client.query(page));
            for (Map<String, AttributeValue> item : response.items()) {
                Movie movie = MovieItems.fromItem(item);
                if (keep == null || keep.test(movie)) {
                    found.add(movie);
                    if (found.size() == need) {
                        return found;
                    }
                }
            }
            start = response.lastEvaluatedKey().isEmpty() ? null : response.lastEvaluatedKey();
        } while (start != null);
        return found;
    }

    /** Every item of the table, each with only the attributes named (nested ones as {@code info.actors}). */
    List<Map<String, AttributeValue>> scan(String doing, List<String> attributePaths) {
        Map<String, String> placeholders = new HashMap<>();
        List<String> projection = new ArrayList<>();
        for (String path : attributePaths) {
            List<String> parts = new ArrayList<>();
            for (String part : path.split("\\.")) {
                // every name goes through a placeholder: year, info and others are DynamoDB reserved words
                parts.add(placeholders.computeIfAbsent(part, p -> "#a" + placeholders.size()));
            }
            projection.add(String.join(".", parts));
        }
        Map<String, String> names = new HashMap<>();
        placeholders.forEach((name, placeholder) -> names.put(placeholder, name));
        ScanRequest request = ScanRequest.builder().tableName(calls.table())
                .projectionExpression(String.join(", ", projection)).expressionAttributeNames(names).build();
        return calls.call(doing, () -> client.scanPaginator(request).items().stream().toList());
    }

    /** One item is enough to tell: the cheapest question a table answers. */
    boolean isEmpty() {
        ScanRequest request = ScanRequest.builder().tableName(calls.table()).limit(1).select(Select.COUNT).build();
        return calls.call("looking into the table", () -> client.scan(request).count() == 0);
    }

    long count() {
        ScanRequest request = ScanRequest.builder().tableName(calls.table())
                .select(Select.COUNT).build();
        return calls.call("counting the movies", () -> client.scanPaginator(request).stream()
                .mapToLong(page -> page.count()).sum());
    }
}
