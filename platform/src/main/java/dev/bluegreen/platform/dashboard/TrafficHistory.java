package dev.bluegreen.platform.dashboard;

import dev.bluegreen.platform.lb.LoadBalancer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last minutes of traffic of every target group, one point a second: requests per second, the share of them
 * answered 5xx, the p99 latency of that second alone, the clients that went away per second (counted apart: never
 * errors of the target group), and the group's weight on the production listener (100 or 0, and a share of each
 * while traffic shifts). What the dashboard's charts draw, served as {@code GET /api/traffic}; kept in memory only
 * (a restarted platform starts a new history).
 */
public final class TrafficHistory {

    /** How often the load balancer is sampled. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** How far back the history goes. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(TrafficHistory.class);

    /**
     * One sampled interval of one target group.
     *
     * @param t            when the interval ended, epoch milliseconds
     * @param rps          requests answered per second
     * @param errorRate    the share of them answered 5xx, from 0 to 1 (0 without requests)
     * @param p99          99th percentile latency in milliseconds; null without requests (no latency to show)
     * @param clientAborts clients per second that went away before their response was complete
     * @param weight       the percent of the production listener's requests sent to the group at that moment
     */
    public record Point(long t, double rps, double errorRate, Double p99, double clientAborts, int weight) {
    }

    private final Clock clock;
    private final int capacity;
    private final Map<String, Deque<Point>> groups = new LinkedHashMap<>();
    private Instant previousSample;

    /** A history of {@link #WINDOW}, on this clock. */
    public TrafficHistory(Clock clock) {
        this(clock, WINDOW);
    }

    TrafficHistory(Clock clock, Duration window) {
        this.clock = clock;
        this.capacity = Math.toIntExact(window.toMillis() / INTERVAL.toMillis());
        this.previousSample = clock.instant();
    }

    /**
     * Samples {@code source} every {@link #INTERVAL} on a thread of its own until the returned handle is closed.
     * The source must start a new interval at every read, as {@link LoadBalancer#takeTraffic()} does.
     *
     * @param weights the production listener's weights now, percent by target group
     */
    public AutoCloseable sampleEverySecond(Supplier<Map<String, LoadBalancer.Traffic>> source,
                                           Supplier<Map<String, Integer>> weights) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "traffic-history");
            thread.setDaemon(true);
            return thread;
        });
        source.get(); // what came before the first interval is not part of it
        synchronized (this) {
            previousSample = clock.instant();
        }
        sampler.scheduleAtFixedRate(() -> {
            try {
                record(source.get(), weights.get());
            } catch (RuntimeException e) {
                // a thrown exception would cancel every later sample: the charts would silently freeze
                LOG.warn("traffic sample failed: {}", e.toString());
            }
        }, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return sampler::shutdownNow;
    }

    /** Adds one point per target group, at the clock's time, for the traffic since the previous sample. */
    synchronized void record(Map<String, LoadBalancer.Traffic> traffic, Map<String, Integer> weights) {
        Instant now = clock.instant();
        // a late tick covers more than a second: dividing by the time that really passed keeps the rate true
        long elapsedMillis = Math.max(1, Duration.between(previousSample, now).toMillis());
        previousSample = now;
        traffic.forEach((group, interval) -> {
            Deque<Point> points = groups.computeIfAbsent(group, name -> new ArrayDeque<>(capacity));
            if (points.size() == capacity) {
                points.removeFirst();
            }
            points.addLast(point(now.toEpochMilli(), elapsedMillis, interval, weights.getOrDefault(group, 0)));
        });
    }

    private static Point point(long t, long elapsedMillis, LoadBalancer.Traffic interval, int weight) {
        long requests = interval.requests();
        double rps = round(requests * 1000.0 / elapsedMillis, 100);
        double errorRate = requests == 0 ? 0 : round((double) interval.serverErrors() / requests, 10_000);
        Double p99 = requests == 0 || Double.isNaN(interval.p99Millis()) ? null : round(interval.p99Millis(), 100);
        double clientAborts = round(interval.clientAborts() * 1000.0 / elapsedMillis, 100);
        return new Point(t, rps, errorRate, p99, clientAborts, weight);
    }

    private static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }

    /** {@code {"interval": 1000, "groups": {"blue": [points, oldest first], ...}}}, JSON-ready. */
    public synchronized Map<String, Object> view() {
        Map<String, List<Point>> copy = new LinkedHashMap<>();
        groups.forEach((group, points) -> copy.put(group, List.copyOf(points)));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("interval", INTERVAL.toMillis());
        view.put("groups", copy);
        return view;
    }
}
