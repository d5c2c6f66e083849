package dev.bluegreen.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bluegreen.movies.MovieJson;
import io.javalin.http.Context;

/** Writes JSON with the movies' own mapper, so that ratings keep the form they were loaded in. */
final class Json {

    private Json() {
    }

    static void write(Context ctx, Object body) throws JsonProcessingException {
        ctx.contentType("application/json").result(MovieJson.MAPPER.writeValueAsBytes(body));
    }
}
