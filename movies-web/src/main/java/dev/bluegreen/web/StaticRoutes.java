package dev.bluegreen.web;

import dev.bluegreen.service.HttpProblem;
import dev.bluegreen.web.site.Site;
import dev.bluegreen.web.site.StaticFiles;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/**
 * {@code /static/...} from the site's files in memory, and {@code /theme.css} from its colours. Revalidated on
 * every use (ETag): after a swap the same URL serves the other version's file, which a long cache would hide.
 */
final class StaticRoutes {

    private final Site site;
    private final StaticFiles.Asset theme;

    StaticRoutes(Site site) {
        this.site = site;
        byte[] css = site.themeCss().getBytes(StandardCharsets.UTF_8);
        this.theme = new StaticFiles.Asset(css, "text/css; charset=utf-8", StaticFiles.etag(css));
    }

    void file(Context ctx) {
        String path = ctx.pathParam("path");
        StaticFiles.Asset asset = site.staticFiles().get(path)
                .orElseThrow(() -> HttpProblem.notFound("There is no file /static/" + path + " on this site."));
        send(ctx, asset);
    }

    void theme(Context ctx) {
        send(ctx, theme);
    }

    private static void send(Context ctx, StaticFiles.Asset asset) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }
}
