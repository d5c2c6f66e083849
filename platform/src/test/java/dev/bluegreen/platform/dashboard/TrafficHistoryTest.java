package dev.bluegreen.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bluegreen.platform.dashboard.TrafficHistory.Point;
import dev.bluegreen.platform.lb.Forward;
import dev.bluegreen.platform.lb.HealthCheck;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.lb.Target;
import dev.bluegreen.platform.lb.TargetGroup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The traffic history sampled from a real load balancer forwarding real requests to a real backend; only the
 * clock is the test's, so "one second later" is exact.
 */
class TrafficHistoryTest {

    static final Instant START = Instant.parse("2025-01-01T10:00:00Z");
    static final Duration SECOND = Duration.ofSeconds(1);
    static final HealthCheck FAST = new HealthCheck("/health", Duration.ofMillis(50), Duration.ofMillis(500), 1, 1);

    final MutableClock clock = new MutableClock(START);
    final TrafficHistory history = new TrafficHistory(clock);
    final HttpClient http = HttpClient.newHttpClient();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long sent;
    LoadBalancer lb;
    Backend backend;

    @BeforeEach
    void start() throws Exception {
        backend = new Backend();
        lb = new LoadBalancer(registry);
        TargetGroup blue = lb.targetGroup("blue", FAST, Duration.ofSeconds(1));
        lb.targetGroup("green", FAST, Duration.ofSeconds(1));
        blue.register(new Target("blue-1", backend.uri()));
        lb.listen("prod", "127.0.0.1", 0, client -> true);
        lb.route(Map.of("prod", "blue"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (blue.healthy().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the backend never turned healthy: " + blue.describe());
            }
            Thread.sleep(10);
        }
        lb.takeTraffic(); // the history starts now
    }

    @AfterEach
    void stop() {
        lb.close();
        backend.close();
    }

    @Test
    void a_point_counts_the_requests_of_its_own_second_not_the_total_since_start() throws Exception {
        send("/ok", 10);
        send("/fail", 2);
        sampleOneSecondLater();
        send("/ok", 3);
        sampleOneSecondLater();

        List<Point> blue = points("blue");
        assertThat(blue).hasSize(2);
        assertThat(blue.get(0).t()).isEqualTo(START.plusSeconds(1).toEpochMilli());
        assertThat(blue.get(0).rps()).isEqualTo(12.0);
        assertThat(blue.get(0).errorRate()).isEqualTo(0.1667);
        assertThat(blue.get(0).p99()).isPositive();
        assertThat(blue.get(1).t()).isEqualTo(START.plusSeconds(2).toEpochMilli());
        assertThat(blue.get(1).rps()).isEqualTo(3.0);
        assertThat(blue.get(1).errorRate()).isZero();
    }

    @Test
    void a_group_without_requests_has_no_rate_no_errors_and_no_latency_to_show() throws Exception {
        send("/ok", 1);
        sampleOneSecondLater();

        assertThat(points("green")).containsExactly(new Point(START.plusSeconds(1).toEpochMilli(), 0, 0, null, 0, 0));
    }

    @Test
    void p99_is_the_latency_of_that_second_alone() throws Exception {
        sendConcurrently("/slow?ms=300", 3);
        sampleOneSecondLater();
        send("/ok", 20);
        sampleOneSecondLater();

        List<Point> blue = points("blue");
        assertThat(blue.get(0).p99()).isBetween(300.0, 5_000.0);
        // a since-start p99 would still be about 300 ms: 3 slow requests in 23 are more than 1 %
        assertThat(blue.get(1).p99()).isLessThan(150.0);
    }

    @Test
    void the_rate_divides_by_the_time_that_really_passed_since_the_previous_sample() throws Exception {
        send("/ok", 10);
        clock.advance(Duration.ofSeconds(2));
        history.record(takeTraffic(), Map.of());

        assertThat(points("blue")).extracting(Point::rps).containsExactly(5.0);
    }

    @Test
    void client_aborts_are_shown_per_second_apart_from_requests_and_errors() {
        clock.advance(Duration.ofSeconds(2));
        history.record(Map.of("blue", new LoadBalancer.Traffic(0, 0, Double.NaN, 6)), Map.of("blue", 100));

        assertThat(points("blue")).containsExactly(new Point(START.plusSeconds(2).toEpochMilli(), 0, 0, null, 3.0, 100));
    }

    @Test
    void each_point_holds_the_groups_weight_on_production_so_a_shift_is_seen_over_time() throws Exception {
        sampleOneSecondLater();
        lb.forward(Map.of("prod", Forward.to("blue").split("green", 20)));
        clock.advance(SECOND);
        history.record(takeTraffic(), lb.forwards().get("prod").weights());

        assertThat(points("blue")).extracting(Point::weight).containsExactly(0, 80);
        assertThat(points("green")).extracting(Point::weight).containsExactly(0, 20);
    }

    @Test
    void the_history_keeps_its_window_and_forgets_what_is_older() {
        TrafficHistory short3s = new TrafficHistory(clock, Duration.ofSeconds(3));
        for (int second = 1; second <= 5; second++) {
            clock.advance(SECOND);
            short3s.record(Map.of("blue", new LoadBalancer.Traffic(second, 0, 1.0, 0)), Map.of());
        }

        @SuppressWarnings("unchecked")
        List<Point> blue = ((Map<String, List<Point>>) short3s.view().get("groups")).get("blue");
        assertThat(blue).extracting(Point::rps).containsExactly(3.0, 4.0, 5.0);
        assertThat(short3s.view()).containsEntry("interval", 1000L);
    }

    @Test
    void a_five_minute_history_holds_one_point_a_second() {
        for (int second = 0; second < 301; second++) {
            clock.advance(SECOND);
            history.record(Map.of("blue", new LoadBalancer.Traffic(1, 0, 1.0, 0)), Map.of());
        }

        assertThat(points("blue")).hasSize(300);
        assertThat(points("blue").get(0).t()).isEqualTo(START.plusSeconds(2).toEpochMilli());
    }

    private void sampleOneSecondLater() throws InterruptedException {
        clock.advance(SECOND);
        history.record(takeTraffic(), Map.of());
    }

    /**
     * The load balancer's traffic, once it counted every request sent: it counts a request when its response
     * starts to go out, on another thread than the one the client is answered on.
     */
    private Map<String, LoadBalancer.Traffic> takeTraffic() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (recorded() < sent) {
            if (System.nanoTime() > deadline) {
                fail("the load balancer counted " + recorded() + " of " + sent + " requests");
            }
            Thread.sleep(1);
        }
        return lb.takeTraffic();
    }

    private long recorded() {
        var timer = registry.find("lb.target.group.response.time").tag("target_group", "blue").timer();
        return timer == null ? 0 : timer.count();
    }

    @SuppressWarnings("unchecked")
    private List<Point> points(String group) {
        return ((Map<String, List<Point>>) history.view().get("groups")).get(group);
    }

    private void send(String path, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            http.send(request(path), HttpResponse.BodyHandlers.discarding());
            sent++;
        }
    }

    private void sendConcurrently(String path, int count) {
        CompletableFuture.allOf(IntStream.range(0, count).mapToObj(i -> http.sendAsync(request(path),
                HttpResponse.BodyHandlers.discarding())).toArray(CompletableFuture[]::new)).join();
        sent += count;
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port("prod") + path)).build();
    }
}
