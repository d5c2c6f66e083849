package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final int CLIENT_THREADS = 8;

    @Test
    void a_killed_target_costs_no_request_and_leaves_the_rotation() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend doomed = f.backend("web-1");
            Backend survivor = f.backend("web-2");
            TargetGroup web = f.group("web", doomed, survivor);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            HttpClient load = f.client(CLIENT_THREADS);
            URI uri = f.uri("prod", "/");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CLIENT_THREADS; i++) {
                done.add(clients.submit(() -> {
                    while (running.get()) {
                        try {
                            ContentResponse response = load.GET(uri);
                            if (response.getStatus() != 200) {
                                failures.add(response.getStatus() + " " + response.getContentAsString());
                            }
                            served.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            Await.until("both targets to serve under load", Fixture.WAIT,
                    () -> doomed.served() > 50 && survivor.served() > 50);
            doomed.kill();
            int afterKill = served.get();
            Await.until("web-1 marked unhealthy", Fixture.WAIT,
                    () -> web.describe().get(0).state() == TargetState.UNHEALTHY, web::describe);
            Await.until("more load after the kill", Fixture.WAIT, () -> served.get() > afterKill + 200);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("client threads stopped").isTrue();
            for (Future<?> future : done) {
                future.get();
            }

            assertThat(failures).as("failed requests around the kill").isEmpty();
            assertThat(web.healthy()).containsExactly(survivor.target());
            assertThat(retries(f)).as("requests saved by a retry").isPositive();
        }
    }

    @Test
    void an_idempotent_request_is_tried_once_more_then_answered_502() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend one = f.backend("web-1");
            Backend two = f.backend("web-2");
            f.group("web", one, two);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            ContentResponse response = f.get("prod", "/crash");
            assertThat(response.getStatus()).isEqualTo(502);
            assertThat(response.getMediaType()).isEqualTo("application/json");
            assertThat(response.getContentAsString()).contains("\"error\":\"bad_gateway\"", "target group 'web'");
            assertThat(one.crashes() + two.crashes()).as("attempts: the first and one retry").isEqualTo(2);
            assertThat(one.crashes()).isEqualTo(1);
            assertThat(retries(f)).isEqualTo(1);
        }
    }

    @Test
    void a_post_is_not_retried() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend one = f.backend("web-1");
            Backend two = f.backend("web-2");
            f.group("web", one, two);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            ContentResponse response = f.client.POST(f.uri("prod", "/crash")).send();
            assertThat(response.getStatus()).isEqualTo(502);
            assertThat(response.getContentAsString()).contains("\"error\":\"bad_gateway\"");
            assertThat(one.crashes() + two.crashes()).isEqualTo(1);
            assertThat(f.registry.find("lb.target.group.retries").counter()).isNull();
        }
    }

    private static double retries(Fixture f) {
        return f.registry.get("lb.target.group.retries").tags("target_group", "web").counter().count();
    }
}
