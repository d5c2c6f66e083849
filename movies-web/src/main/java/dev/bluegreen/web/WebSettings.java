package dev.bluegreen.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the front end needs besides {@link dev.bluegreen.service.ServiceSettings}.
 *
 * @param apis           base URLs of the movie API, used in turn (round-robin), e.g. {@code http://127.0.0.1:8081};
 *                       a path prefix is kept ({@code http://lb/api} -> {@code http://lb/api/movies})
 * @param site           the site directory, or null for the built-in site
 * @param connectTimeout how long to wait for a connection to an API instance before trying the next one
 * @param requestTimeout how long to wait for an API answer before showing the "cannot be reached" page
 * @param side           the blue/green side (target group) this instance serves, shown on every page; null when
 *                       it runs outside a blue/green pair
 */
public record WebSettings(List<URI> apis, Path site, Duration connectTimeout, Duration requestTimeout, String side) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public WebSettings {
        Objects.requireNonNull(apis, "apis");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (apis.isEmpty()) {
            throw new IllegalArgumentException("at least one movie API base URL is needed (--api URL[,URL...])");
        }
        apis = apis.stream().map(WebSettings::checkBase).toList();
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (side != null && !side.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("side must be a short name in lower case such as blue or green, was \""
                    + side + "\"");
        }
    }

    /** The given APIs and site with the default timeouts. */
    public static WebSettings of(List<URI> apis, Path site) {
        return new WebSettings(apis, site, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, null);
    }

    public WebSettings withSide(String newSide) {
        return new WebSettings(apis, site, connectTimeout, requestTimeout, newSide);
    }

    /** Parses {@code --api}'s value: base URLs separated by commas, e.g. {@code http://h1:8081,http://h2:8081}. */
    public static List<URI> parseApis(String commaSeparated) {
        List<URI> apis = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                apis.add(new URI(part.strip()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("API base URL \"" + part.strip() + "\" is not a URL: "
                        + e.getMessage());
            }
        }
        return apis;
    }

    private static URI checkBase(URI uri) {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("API base URL \"" + uri + "\" must be http(s)://host[:port][/path]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("API base URL \"" + uri + "\" must have no query, fragment or "
                    + "user info");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme.toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }
}
