package dev.bluegreen.platform.flip;

import com.sun.net.httpserver.HttpServer;
import dev.bluegreen.platform.lb.HealthCheck;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.lb.Target;
import dev.bluegreen.platform.lb.TargetGroup;
import dev.bluegreen.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * A real HTTP server that answers 200 to everything, to make a real load balancer's target group healthy: what a
 * flip asks of a group before it promotes it.
 */
public final class HealthyBackend implements AutoCloseable {

    public static final HealthCheck FAST = new HealthCheck("/health", Duration.ofMillis(50), Duration.ofMillis(500),
            1, 1);
    public static final Duration DEREGISTRATION_DELAY = Duration.ofSeconds(1);

    private final HttpServer server;

    public HealthyBackend() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The load balancer's groups of these names, with fast health checks and no target yet. */
    public static void groups(LoadBalancer lb, String... names) {
        for (String name : names) {
            lb.targetGroup(name, FAST, DEREGISTRATION_DELAY);
        }
    }

    /** Registers this server in the group and waits until the group has a healthy target. */
    public void serve(LoadBalancer lb, String group) {
        TargetGroup found = lb.targetGroup(group, FAST, DEREGISTRATION_DELAY);
        found.register(new Target(group + "-1", URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
        Await.until("a healthy target in " + group, Duration.ofSeconds(10), () -> lb.hasHealthyTarget(group),
                found::describe);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
