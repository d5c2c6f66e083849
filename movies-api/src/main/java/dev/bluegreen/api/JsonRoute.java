package dev.bluegreen.api;

import dev.bluegreen.movies.MovieJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * A GET route whose answer is a JSON document that depends only on the URL and the stored movies: rendered once
 * per store version, then served from the cache with an ETag (so that browsers and proxies may revalidate).
 */
final class JsonRoute implements Handler {

    @FunctionalInterface
    interface Answer {
        Object of(Context ctx) throws Exception;
    }

    private final ResponseCache cache;
    private final Answer answer;

    JsonRoute(ResponseCache cache, Answer answer) {
        this.cache = cache;
        this.answer = answer;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String key = ctx.path() + "?" + (ctx.queryString() == null ? "" : ctx.queryString());
        long version = cache.version();
        ResponseCache.Entry entry = cache.get(key, version);
        if (entry == null) {
            entry = cache.put(key, version, MovieJson.MAPPER.writeValueAsBytes(answer.of(ctx)));
        }
        if (version >= 0) {
            ctx.header("ETag", entry.etag());
            if (entry.etag().equals(ctx.header("If-None-Match"))) {
                ctx.status(304);
                return;
            }
        }
        ctx.contentType("application/json").result(entry.body());
    }
}
