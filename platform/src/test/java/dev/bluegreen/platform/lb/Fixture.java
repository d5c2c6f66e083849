package dev.bluegreen.platform.lb;

import dev.bluegreen.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;

/** A load balancer with fast health checks, its backends and a keep-alive client; closes all of them. */
final class Fixture implements AutoCloseable {

    static final HealthCheck FAST = new HealthCheck("/health", Duration.ofMillis(100), Duration.ofMillis(500), 2, 2);
    static final Duration WAIT = Duration.ofSeconds(10);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final LoadBalancer lb = new LoadBalancer(registry);
    final HttpClient client;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    Fixture() throws Exception {
        client = client(1);
    }

    /** A started Jetty client with at most that many keep-alive connections per destination. */
    HttpClient client(int connections) throws Exception {
        return client(connections, new HttpCookieStore.Default());
    }

    /** A started Jetty client that keeps no cookie: the only cookies it sends are those a test puts in a request. */
    HttpClient clientWithoutCookies() throws Exception {
        return client(1, new HttpCookieStore.Empty());
    }

    private HttpClient client(int connections, HttpCookieStore cookies) throws Exception {
        HttpClient http = new HttpClient();
        http.setHttpCookieStore(cookies);
        http.setMaxConnectionsPerDestination(connections);
        http.setFollowRedirects(false);
        http.start();
        closeables.add(http::stop);
        return http;
    }

    Backend backend(String name) throws Exception {
        Backend backend = new Backend(name);
        closeables.add(backend);
        return backend;
    }

    TargetGroup group(String name, Backend... backends) {
        TargetGroup group = lb.targetGroup(name, FAST, Duration.ofSeconds(5));
        for (Backend backend : backends) {
            group.register(backend.target());
        }
        awaitHealthy(group, backends.length);
        return group;
    }

    static void awaitHealthy(TargetGroup group, int count) {
        Await.until(count + " healthy targets in " + group.name(), WAIT, () -> group.healthy().size() == count,
                group::describe);
    }

    URI uri(String listener, String path) {
        return URI.create("http://127.0.0.1:" + lb.port(listener) + path);
    }

    ContentResponse get(String listener, String path) throws Exception {
        return client.GET(uri(listener, path));
    }

    /** One keep-alive connection of the client's own, so a test knows every request went over the same one. */
    static Connection connect(HttpClient http, URI uri) throws Exception {
        return http.resolveDestination(http.newRequest(uri)).newConnection().get(10, TimeUnit.SECONDS);
    }

    static ContentResponse send(HttpClient http, Connection connection, URI uri) throws Exception {
        return new CompletableResponseListener(http.newRequest(uri)).send(connection).get(10, TimeUnit.SECONDS);
    }

    /** Closes everything, in reverse order of creation, even when one of them fails. */
    @Override
    public void close() {
        IllegalStateException failure = null;
        lb.close();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("the test fixture did not close cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
