package dev.bluegreen.api;

import dev.bluegreen.movies.MovieJson;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * A GET route whose answer is a JSON document that depends only on the URL and the stored movies: rendered once
 * per store version, then served from the cache, gzipped to clients that accept it, with an ETag (so that
 * browsers and proxies may revalidate and get a 304).
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
        boolean gzip = entry.gzipped() != null && acceptsGzip(ctx.header("Accept-Encoding"));
        byte[] body = gzip ? entry.gzipped() : entry.body();
        ctx.contentType("application/json");
        ctx.header("Vary", "Accept-Encoding");
        if (gzip) {
            ctx.header("Content-Encoding", "gzip");
        }
        if (version >= 0) {
            String etag = gzip ? entry.gzippedEtag() : entry.etag();
            ctx.header("ETag", etag);
            if (etag.equals(ctx.header("If-None-Match"))) {
                ctx.status(304);
                return;
            }
        }
        // straight to the response with its length: one write, no chunks, no copy through Javalin's compressor
        ctx.res().setContentLength(body.length);
        ctx.res().getOutputStream().write(body);
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                return parts.length < 2 || !parts[1].trim().replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }
}
