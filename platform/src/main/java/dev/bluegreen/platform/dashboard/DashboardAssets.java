package dev.bluegreen.platform.dashboard;

import dev.bluegreen.service.HttpProblem;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's files (HTML, CSS, JavaScript modules, icon), read once from the classpath and served from
 * memory: {@code GET /} is the page, {@code GET /dashboard/<file>} the rest. Only the files named here are served,
 * so no path from a request ever reaches the classpath. Every answer forbids inline script and style, framing and
 * anything from another origin.
 */
public final class DashboardAssets {

    /** The dashboard's scripts are ES modules served from here; the page, the API and nothing else: no CDN. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String PAGE = "index.html";
    private static final String RESOURCES = "/dev/bluegreen/platform/dashboard/";
    private static final List<String> FILES = List.of(PAGE, "dashboard.css", "favicon.svg", "dashboard.js",
            "api.js", "dom.js", "dialogs.js", "actions.js", "overview.js", "pipeline.js", "charts.js");

    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> assets;

    private DashboardAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads every file; a missing one is a packaging mistake and fails the start, not a later request. */
    public static DashboardAssets load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String file : FILES) {
            try (InputStream in = DashboardAssets.class.getResourceAsStream(RESOURCES + file)) {
                if (in == null) {
                    throw new IllegalStateException("the dashboard's " + file + " is missing from the classpath");
                }
                byte[] bytes = in.readAllBytes();
                assets.put(file, new Asset(bytes, contentType(file), etag(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the dashboard's " + file, e);
            }
        }
        return new DashboardAssets(Map.copyOf(assets));
    }

    /** {@code GET /}: the dashboard page. */
    public void page(Context ctx) {
        serve(ctx, assets.get(PAGE));
    }

    /** {@code GET /dashboard/{file}}: one of the page's files, or 404. */
    public void file(Context ctx) {
        String name = ctx.pathParam("file");
        Asset asset = assets.get(name);
        if (asset == null) {
            throw HttpProblem.notFound("the dashboard has no file '" + name + "'");
        }
        serve(ctx, asset);
    }

    private static void serve(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        // revalidated every time (a cheap 304): a newer platform's dashboard is never mixed with an older one's
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static String contentType(String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type for " + file);
        };
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
