package dev.bluegreen.web;

import io.javalin.http.Context;

/**
 * Headers on every answer. The policy allows no script at all (nothing here needs one, so an injection that
 * slipped past escaping still cannot run), styles and images from this site, and posters from any web host (the
 * sample's image_url values point at IMDb's servers).
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' https: http:; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        // search words are in our URLs: poster hosts need not see them
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }
}
