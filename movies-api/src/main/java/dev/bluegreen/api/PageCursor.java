package dev.bluegreen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.movies.InvalidQueryException;
import dev.bluegreen.movies.MovieKey;
import dev.bluegreen.movies.MovieQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The opaque {@code cursor} of a listing: the last key of the previous page, bound to the query it belongs to,
 * so that a cursor reused with other filters is refused instead of silently skipping results.
 */
final class PageCursor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    static final int MAX_LENGTH = 2048;

    private PageCursor() {
    }

    static String encode(MovieQuery query, MovieKey last) {
        var node = JSON.createObjectNode().put("y", last.year()).put("t", last.title()).put("q", fingerprint(query));
        return ENCODER.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key to continue after, or null for the first page. */
    static MovieKey decode(String cursor, MovieQuery query) {
        if (cursor == null) {
            return null;
        }
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            if (!node.path("y").isInt() || !node.path("t").isTextual() || !node.path("q").isTextual()) {
                throw new IllegalArgumentException("not a cursor");
            }
            if (!Objects.equals(node.get("q").textValue(), fingerprint(query))) {
                throw new InvalidQueryException("cursor", "cursor belongs to a listing with other filters; "
                        + "start again without a cursor");
            }
            return new MovieKey(node.get("y").intValue(), node.get("t").textValue());
        } catch (InvalidQueryException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidQueryException("cursor", "cursor is not valid: pass back the next_cursor of a previous "
                    + "page unchanged");
        }
    }

    private static String fingerprint(MovieQuery query) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((query.year() + "\u0000" + query.title()
                    + "\u0000" + query.text()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
