package dev.bluegreen.aws.checks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the test listener serves, standing in for the load balancer's 8080 in front of a build of the front end: a
 * real HTTP server on 127.0.0.1 with the pages the sample app's checks ask for, serving build {@code tag}, or broken
 * (a 502 on every page, as a load balancer answers when its target fails).
 */
public final class TestSide implements AutoCloseable {

    private final HttpServer server;
    /** Each request's path and query, as it arrived. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean broken;

    public TestSide(String tag) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            requests.add(path);
            int status = 200;
            String body;
            String type = "text/html; charset=utf-8";
            if (broken) {
                status = 502;
                body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
            } else if (path.equals("/")) {
                body = "<html><body><h1>Movies</h1><form>Find by year</form><form>Find by title</form></body></html>";
            } else if (path.equals("/year?year=1942")) {
                body = "<html><body><ul><li>Casablanca (1942)</li></ul></body></html>";
            } else if (path.equals("/version")) {
                type = "application/json";
                body = "{\"label\": \"" + tag + "\", \"side\": \"green\"}";
            } else {
                status = 404;
                body = "<html><body>Not found</body></html>";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** Every page answers 502 from now on. */
    public void breakIt() {
        broken = true;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
