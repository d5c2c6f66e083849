package dev.bluegreen.movies.loader;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.movies.MovieJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Streams the items of a moviedata.json array one at a time, so memory stays constant whatever the file's size.
 */
final class MovieFileReader {

    @FunctionalInterface
    interface ItemVisitor {
        void visit(long index, long line, JsonNode item);
    }

    private MovieFileReader() {
    }

    /** Visits every item; returns how many there were. Throws MovieFileException on anything but a JSON array. */
    static long read(MovieSource source, ItemVisitor visitor) {
        long index = 0;
        try (InputStream in = source.open(); JsonParser parser = MovieJson.MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MovieFileException(source.name() + ": expected a JSON array of movies like "
                        + "[{\"year\": 2013, \"title\": \"Rush\", \"info\": {...}}], found "
                        + describe(parser.currentToken()));
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new MovieFileException(source.name() + ": the file ends before the array is closed "
                            + "(after item [" + (index - 1) + "])");
                }
                long line = parser.currentTokenLocation().getLineNr();
                JsonNode item = parser.readValueAsTree();
                visitor.visit(index++, line, item);
            }
            if (parser.nextToken() != null) {
                throw new MovieFileException(source.name() + ": unexpected content after the array at line "
                        + parser.currentTokenLocation().getLineNr());
            }
            return index;
        } catch (JsonParseException e) {
            throw new MovieFileException(source.name() + ": invalid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + (index > 0 ? " (in or after item [" + index + "])"
                    : "") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MovieFileException(source.name() + ": cannot be read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new MovieFileException(source.name() + ": cannot be read: " + e.getCause().getMessage());
        }
    }

    private static String describe(JsonToken token) {
        return token == null ? "an empty file" : switch (token) {
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }
}
