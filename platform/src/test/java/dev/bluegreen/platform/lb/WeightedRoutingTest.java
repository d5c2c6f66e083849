package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

/** The production listener split between two target groups by weight, as a canary or linear release sets it. */
class WeightedRoutingTest {

    private static final int CLIENT_THREADS = 8;

    @Test
    void a_split_sends_exactly_its_percent_of_requests_to_the_second_group_even_under_concurrent_load()
            throws Exception {
        try (Fixture f = new Fixture()) {
            Backend blue = f.backend("blue");
            Backend green = f.backend("green");
            f.group("blue", blue);
            f.group("green", green);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.forward(Map.of("prod", Forward.to("blue").split("green", 10)));

            List<String> first = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                first.add(f.get("prod", "/").getContentAsString());
            }
            assertThat(first).as("10 %% of 20 requests, spread").filteredOn("green"::equals).hasSize(2);
            assertThat(first.subList(0, 10)).filteredOn("green"::equals).hasSize(1);

            // 980 more from 8 connections at once: 1,000 in all, of which exactly 100 on green
            HttpClient load = f.client(CLIENT_THREADS);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            List<Future<?>> done = new ArrayList<>();
            AtomicInteger left = new AtomicInteger(980);
            for (int i = 0; i < CLIENT_THREADS; i++) {
                done.add(clients.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        assertThat(load.GET(f.uri("prod", "/")).getStatus()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
            assertThat(green.served()).isEqualTo(100);
            assertThat(blue.served()).isEqualTo(900);
            // the per-group figures a release compares are exact too
            assertThat(requests(f, "green")).isEqualTo(100);
            assertThat(requests(f, "blue")).isEqualTo(900);
            assertThat(f.registry.get("lb.listener.weight.percent").tags("listener", "prod", "target_group", "green")
                    .gauge().value()).isEqualTo(10);
            assertThat(f.registry.get("lb.listener.weight.percent").tags("listener", "prod", "target_group", "blue")
                    .gauge().value()).isEqualTo(90);

            // linear steps: each new weight is exact from its first request
            for (int percent : new int[] {25, 50, 75}) {
                f.lb.forward(Map.of("prod", Forward.to("blue").split("green", percent)));
                int before = green.served();
                for (int i = 0; i < 100; i++) {
                    f.get("prod", "/");
                }
                assertThat(green.served() - before).as("green's requests at %d %%", percent).isEqualTo(percent);
            }
            f.lb.route(Map.of("prod", "green"));
            assertThat(f.registry.get("lb.listener.weight.percent").tags("listener", "prod", "target_group", "blue")
                    .gauge().value()).as("a group the listener no longer uses").isZero();
            assertThat(f.lb.routes()).isEqualTo(Map.of("prod", "green"));
        }
    }

    @Test
    void a_split_back_to_zero_sends_nothing_more_there_under_load_and_a_request_in_flight_finishes_there()
            throws Exception {
        try (Fixture f = new Fixture()) {
            Backend blue = f.backend("blue");
            Backend green = f.backend("green");
            f.group("blue", blue);
            f.group("green", green);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.forward(Map.of("prod", Forward.to("blue").split("green", 50)));

            // a slow request that went to green (the 2nd of a 50 % split) before the split ends
            assertThat(f.get("prod", "/").getContentAsString()).isEqualTo("blue");
            CompletableFuture<ContentResponse> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return f.client.GET(f.uri("prod", "/slow"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(green.awaitSlowStarted()).isTrue();

            HttpClient load = f.client(CLIENT_THREADS);
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<long[]> greenAnswers = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger served = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            URI uri = f.uri("prod", "/");
            for (int i = 0; i < CLIENT_THREADS; i++) {
                clients.submit(() -> {
                    while (running.get()) {
                        long sent = System.nanoTime();
                        try {
                            ContentResponse response = load.GET(uri);
                            if (response.getStatus() != 200) {
                                failures.add(response.getStatus() + " " + response.getContentAsString());
                            } else if (response.getContentAsString().equals("green")) {
                                greenAnswers.add(new long[] {sent});
                            }
                            served.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                });
            }
            Await.until("green to serve its share under load", Fixture.WAIT, () -> greenAnswers.size() > 100);
            f.lb.forward(Map.of("prod", Forward.to("blue")));
            long ended = System.nanoTime();
            int afterEnd = served.get();
            Await.until("more load after the split ended", Fixture.WAIT, () -> served.get() > afterEnd + 500);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(failures).isEmpty();
            assertThat(greenAnswers).as("answers from green to requests sent after the split ended")
                    .noneMatch(answer -> answer[0] > ended);
            assertThat(inFlight).as("the request in flight on green").isNotDone();
            green.releaseSlow();
            ContentResponse slow = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(slow.getStatus()).isEqualTo(200);
            assertThat(slow.getContentAsString()).isEqualTo("green");
        }
    }

    @Test
    void a_retry_stays_within_the_group_the_request_was_sent_to() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend blue1 = f.backend("blue-1");
            Backend blue2 = f.backend("blue-2");
            Backend green = f.backend("green");
            f.group("blue", blue1, blue2);
            f.group("green", green);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.forward(Map.of("prod", Forward.to("blue").split("green", 50)));

            // the 1st request of a 50 % split goes to blue: its two targets, never green
            ContentResponse toBlue = f.get("prod", "/crash");
            assertThat(toBlue.getStatus()).isEqualTo(502);
            assertThat(toBlue.getContentAsString()).contains("target group 'blue'");
            assertThat(blue1.crashes() + blue2.crashes()).isEqualTo(2);
            assertThat(green.crashes()).isZero();

            // the 2nd goes to green, whose one target has no other to try: answered 502 there, not sent to blue
            ContentResponse toGreen = f.get("prod", "/crash");
            assertThat(toGreen.getStatus()).isEqualTo(502);
            assertThat(toGreen.getContentAsString()).contains("target group 'green'");
            assertThat(green.crashes()).isEqualTo(1);
            assertThat(blue1.crashes() + blue2.crashes()).isEqualTo(2);

            assertThat(f.registry.get("lb.target.group.retries").tags("target_group", "blue").counter().count())
                    .isEqualTo(1);
            assertThat(f.registry.find("lb.target.group.retries").tags("target_group", "green").counter()).isNull();
            assertThat(f.registry.get("lb.target.group.requests").tags("target_group", "green", "status", "5xx")
                    .counter().count()).isEqualTo(1);
        }
    }

    private static double requests(Fixture f, String group) {
        return f.registry.find("lb.target.group.requests").tags("target_group", group).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
