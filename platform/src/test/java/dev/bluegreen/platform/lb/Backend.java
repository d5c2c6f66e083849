package dev.bluegreen.platform.lb;

import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP server on 127.0.0.1 standing for a task: answers its own name, a switchable {@code /health},
 * {@code /slow} (held until released), {@code /headers} (echoes the forwarding headers), {@code /echo},
 * {@code /raw/...} (its encoded path and query), {@code /crash} (drops the connection), {@code /consume} (reads the
 * whole body, then answers how long it was, as an API reading JSON does), {@code /big} ({@link #BIG_BYTES} bytes),
 * {@code /cookie} (sets a cookie of its own) and {@code /fail} (500).
 */
final class Backend implements AutoCloseable {

    private final String name;
    private final Server server;
    private volatile boolean healthy = true;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger crashes = new AtomicInteger();
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private final AtomicInteger consuming = new AtomicInteger();

    /** More than a client's and the proxy's socket buffers hold: a client that does not read holds the response. */
    static final int BIG_BYTES = 32 * 1024 * 1024;

    Backend(String name) throws Exception {
        this.name = name;
        QueuedThreadPool threads = new QueuedThreadPool(12, 2);
        threads.setName("backend-" + name);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.DEFAULT.with("titles", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return answer(request, response, callback);
            }
        });
        server.start();
    }

    private boolean answer(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/raw/")) {
            served.incrementAndGet();
            Content.Sink.write(response, true, request.getHttpURI().getPathQuery(), callback);
            return true;
        }
        switch (path) {
            case "/health" -> {
                response.setStatus(healthy ? 200 : 503);
                Content.Sink.write(response, true, healthy ? "ok" : "sick", callback);
                return true;
            }
            case "/slow" -> {
                slowStarted.countDown();
                if (!slowRelease.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("slow request never released");
                }
            }
            case "/headers" -> {
                served.incrementAndGet();
                String text = "for=" + request.getHeaders().get(HttpHeader.X_FORWARDED_FOR)
                        + "\nproto=" + request.getHeaders().get(HttpHeader.X_FORWARDED_PROTO)
                        + "\nhost=" + request.getHeaders().get(HttpHeader.X_FORWARDED_HOST);
                Content.Sink.write(response, true, text, callback);
                return true;
            }
            case "/crash" -> {
                // the connection dies before a single response byte, like a process killed mid-request
                crashes.incrementAndGet();
                request.getConnectionMetaData().getConnection().getEndPoint().close();
                // completing normally keeps the backend log quiet; the closed connection gets no answer anyway
                callback.succeeded();
                return true;
            }
            case "/consume" -> {
                consuming.incrementAndGet();
                Content.Source.asString(request, StandardCharsets.ISO_8859_1, Promise.from(
                        body -> Content.Sink.write(response, true, "read " + body.length(), callback),
                        callback::failed));
                return true;
            }
            case "/big" -> {
                served.incrementAndGet();
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BIG_BYTES);
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    for (int sent = 0; sent < BIG_BYTES; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
                callback.succeeded();
                return true;
            }
            case "/cookie" -> {
                // a target's own cookie, which a sticky side's cookie must not replace
                served.incrementAndGet();
                response.getHeaders().add(HttpHeader.SET_COOKIE, "session=" + name + "; Path=/");
                Content.Sink.write(response, true, name, callback);
                return true;
            }
            case "/fail" -> {
                served.incrementAndGet();
                response.setStatus(500);
                Content.Sink.write(response, true, "failed", callback);
                return true;
            }
            case "/echo" -> {
                served.incrementAndGet();
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                Content.copy(request, response, callback);
                return true;
            }
            default -> {
            }
        }
        served.incrementAndGet();
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    String name() {
        return name;
    }

    Target target() {
        return new Target(name, uri());
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    void healthy(boolean value) {
        healthy = value;
    }

    int served() {
        return served.get();
    }

    int crashes() {
        return crashes.get();
    }

    /** Requests to {@code /consume} that began reading their body. */
    int consuming() {
        return consuming.get();
    }

    boolean awaitSlowStarted() throws InterruptedException {
        return slowStarted.await(10, TimeUnit.SECONDS);
    }

    void releaseSlow() {
        slowRelease.countDown();
    }

    /**
     * Stops at once, like a killed process: the listening socket and every connection are closed without a byte
     * more. Closing them before {@link Server#stop()} matters: a stopping server half-closes connections first, and
     * a request caught in that moment would get Jetty's own 500 page, which no killed process ever sends.
     */
    void kill() throws Exception {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector listening) {
                listening.close();
            }
            connector.getConnectedEndPoints().forEach(EndPoint::close);
        }
        server.setStopTimeout(0);
        server.stop();
    }

    @Override
    public void close() {
        slowRelease.countDown();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("backend " + name + " did not stop", e);
        }
    }
}
