package dev.bluegreen.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starting the front end for a test, asking it for pages, and reading what the pages say. */
final class Web {

    static final String HTML_UTF8 = "text/html; ?charset=utf-8";
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern TITLE = Pattern.compile("class=\"movie-title\"><a href=\"[^\"]*\">([^<]*)</a>");
    private static final Pattern NEXT = Pattern.compile("<a href=\"([^\"]*)\" rel=\"next\"");

    private Web() {
    }

    /**
     * The drain timeout must exceed Jetty's shutdown idle timeout (1 s): a stop waits that long for the idle
     * keep-alive connections of clients to close, and a shorter drain makes the stop fail with a timeout.
     */
    static ServiceSettings settings(String instance) {
        return new ServiceSettings("movies-web", ServiceSettings.LOOPBACK, 0, Duration.ofSeconds(5), "v-web-test",
                instance);
    }

    static ServiceHost start(List<URI> apis, Path site) {
        return MoviesWeb.start(settings("web-1"), WebSettings.of(apis, site));
    }

    static ServiceHost start(URI api) {
        return start(List.of(api), null);
    }

    static HttpResponse<String> get(ServiceHost web, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(web.uri() + pathAndQuery)).build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The page, after checking its status and that it is UTF-8 HTML with the version banner. */
    static String page(ServiceHost web, String pathAndQuery, int status) {
        HttpResponse<String> response = get(web, pathAndQuery);
        assertThat(response.statusCode()).as("%s -> %s", pathAndQuery, response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).get().asString().matches(HTML_UTF8);
        assertThat(response.body()).contains("id=\"version-banner\"");
        return response.body();
    }

    /** The titles of the result cards, in order, unescaped. */
    static List<String> titles(String html) {
        List<String> titles = new ArrayList<>();
        Matcher matcher = TITLE.matcher(html);
        while (matcher.find()) {
            titles.add(unescape(matcher.group(1)));
        }
        return titles;
    }

    /** The "Next page" link, unescaped, or null on the last page. */
    static String next(String html) {
        Matcher matcher = NEXT.matcher(html);
        return matcher.find() ? unescape(matcher.group(1)) : null;
    }

    /** As Mustache escapes. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;").replace("=", "&#61;").replace("`", "&#96;");
    }

    static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#61;", "=").replace("&#96;", "`").replace("&amp;", "&");
    }

    /** A port nobody listens on (it was free a moment ago). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
