package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bluegreen.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A new target is checked at a fast pace until it first turns healthy or unhealthy, then at the group's interval.
 * The interval here is an hour: whatever happens within the test happened at the fast pace.
 */
class NewTargetChecksTest {

    private static final HealthCheck HOURLY = new HealthCheck("/health", Duration.ofHours(1), Duration.ofSeconds(1),
            2, 2);

    private final LoadBalancer lb = new LoadBalancer(new SimpleMeterRegistry());
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private HttpServer task;

    @AfterEach
    void close() {
        lb.close();
        if (task != null) {
            task.stop(0);
        }
    }

    @Test
    void a_new_target_gets_traffic_after_the_healthy_threshold_of_passes_without_waiting_an_interval()
            throws Exception {
        TargetGroup api = lb.targetGroup("api", HOURLY, Duration.ofSeconds(1));
        api.register(new Target("api-3", start(200)));
        assertThat(api.describe()).extracting(TargetHealth::state).containsExactly(TargetState.INITIAL);

        Await.until("api-3 healthy", Fixture.WAIT, () -> api.healthy().size() == 1, api::describe);

        assertThat(checks.get()).as("passed checks before it got traffic: the healthy threshold").isEqualTo(2);
        int port = lb.listen("api", "127.0.0.1", 0, address -> true);
        lb.route(Map.of("api", "api"));
        assertThat(get(port).getContentAsString()).isEqualTo("api-3");
        assertThat(served.get()).isEqualTo(1);
        assertThat(checks.get()).as("healthy: next checked an interval later").isEqualTo(2);
    }

    @Test
    void a_new_target_that_fails_its_first_checks_turns_unhealthy_gets_nothing_and_is_checked_at_the_interval()
            throws Exception {
        TargetGroup api = lb.targetGroup("api", HOURLY, Duration.ofSeconds(1));
        api.register(new Target("api-3", start(503)));

        Await.until("api-3 unhealthy", Fixture.WAIT,
                () -> api.describe().get(0).state() == TargetState.UNHEALTHY, api::describe);

        assertThat(checks.get()).as("failed checks: the unhealthy threshold").isEqualTo(2);
        int port = lb.listen("api", "127.0.0.1", 0, address -> true);
        lb.route(Map.of("api", "api"));
        assertThat(get(port).getStatus()).isEqualTo(503);
        assertThat(served.get()).isZero();
        assertThat(checks.get()).as("unhealthy: next checked an interval later").isEqualTo(2);
    }

    /** A task on loopback whose /health answers {@code health}; anything else answers its name. */
    private URI start(int health) throws Exception {
        task = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        task.createContext("/", exchange -> {
            boolean check = exchange.getRequestURI().getPath().equals("/health");
            (check ? checks : served).incrementAndGet();
            byte[] body = (check ? "" : "api-3").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(check ? health : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        task.start();
        return URI.create("http://127.0.0.1:" + task.getAddress().getPort());
    }

    private static org.eclipse.jetty.client.ContentResponse get(int port) throws Exception {
        HttpClient http = new HttpClient();
        http.start();
        try {
            return http.GET("http://127.0.0.1:" + port + "/");
        } finally {
            http.stop();
        }
    }
}
