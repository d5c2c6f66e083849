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
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

class FlipTest {

    private static final Map<String, String> BLUE_LIVE = Map.of("prod", "blue", "test", "green");
    private static final Map<String, String> GREEN_LIVE = Map.of("prod", "green", "test", "blue");
    private static final int CLIENT_THREADS = 20;
    private static final int FLIPS = 200;

    @Test
    void flips_under_keep_alive_load_fail_no_request() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("blue", f.backend("blue"));
            f.group("green", f.backend("green"));
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.listen("test", "127.0.0.1", 0, address -> true);
            f.lb.route(BLUE_LIVE);

            // each client thread has its own persistent connection, on prod or on test
            HttpClient load = f.client(CLIENT_THREADS);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CLIENT_THREADS; i++) {
                URI uri = f.uri(i % 2 == 0 ? "prod" : "test", "/");
                Connection connection = Fixture.connect(load, uri);
                done.add(clients.submit(() -> {
                    while (running.get()) {
                        try {
                            ContentResponse response = Fixture.send(load, connection, uri);
                            String body = response.getContentAsString();
                            if (response.getStatus() != 200 || !(body.equals("blue") || body.equals("green"))) {
                                failures.add(response.getStatus() + " " + body);
                            }
                            served.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                    if (connection.isClosed()) {
                        failures.add("a client connection was closed");
                    }
                    connection.close();
                }));
            }
            Await.until("the load to start", Fixture.WAIT, () -> served.get() >= CLIENT_THREADS);
            for (int flip = 0; flip < FLIPS; flip++) {
                f.lb.route(flip % 2 == 0 ? GREEN_LIVE : BLUE_LIVE);
                // spreads the flips over about two seconds of load
                Thread.sleep(10);
            }
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("client threads stopped").isTrue();
            for (Future<?> future : done) {
                future.get();
            }

            assertThat(failures).as("failed requests during %d flips", FLIPS).isEmpty();
            assertThat(served.get()).isGreaterThan(FLIPS);
        }
    }

    @Test
    void the_next_request_on_a_keep_alive_connection_goes_to_the_new_side() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("blue", f.backend("blue"));
            f.group("green", f.backend("green"));
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.listen("test", "127.0.0.1", 0, address -> true);
            URI prod = f.uri("prod", "/");
            URI test = f.uri("test", "/");
            Connection prodConnection = Fixture.connect(f.client, prod);
            Connection testConnection = Fixture.connect(f.client, test);
            for (int flip = 0; flip < FLIPS; flip++) {
                boolean greenLive = flip % 2 == 0;
                f.lb.route(greenLive ? GREEN_LIVE : BLUE_LIVE);
                assertThat(f.lb.routes()).isEqualTo(greenLive ? GREEN_LIVE : BLUE_LIVE);
                assertThat(Fixture.send(f.client, prodConnection, prod).getContentAsString())
                        .as("prod after flip %d", flip).isEqualTo(greenLive ? "green" : "blue");
                assertThat(Fixture.send(f.client, testConnection, test).getContentAsString())
                        .as("test after flip %d", flip).isEqualTo(greenLive ? "blue" : "green");
            }
            assertThat(prodConnection.isClosed()).as("prod connection closed").isFalse();
            assertThat(testConnection.isClosed()).as("test connection closed").isFalse();
            prodConnection.close();
            testConnection.close();
        }
    }
}
