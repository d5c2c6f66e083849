package dev.bluegreen.platform.lb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per listener and per target group by status class, and a latency histogram per target group. Tags
 * are bounded: listener and group names are configuration, the status is reduced to its class.
 */
final class LbMetrics {

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private record Key(String name, String statusClass) {
    }

    private final MeterRegistry registry;
    /** Built once per key: on the request path a map lookup is far cheaper than the registry's builder. */
    private final Map<Key, Counter> listenerRequests = new ConcurrentHashMap<>();
    private final Map<Key, Counter> groupRequests = new ConcurrentHashMap<>();
    private final Map<String, Timer> groupLatency = new ConcurrentHashMap<>();
    private final Map<String, Counter> groupRetries = new ConcurrentHashMap<>();

    LbMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void listener(String listener, int status) {
        listenerRequests.computeIfAbsent(new Key(listener, statusClass(status)), key -> Counter
                        .builder("lb.listener.requests")
                        .description("Requests received by a load balancer listener")
                        .tag("listener", key.name())
                        .tag("status", key.statusClass())
                        .register(registry))
                .increment();
    }

    void group(String group, int status, long nanos) {
        groupRequests.computeIfAbsent(new Key(group, statusClass(status)), key -> Counter
                        .builder("lb.target.group.requests")
                        .description("Requests answered for a target group")
                        .tag("target_group", key.name())
                        .tag("status", key.statusClass())
                        .register(registry))
                .increment();
        groupLatency.computeIfAbsent(group, name -> Timer.builder("lb.target.group.response.time")
                        .description("Time from a request's arrival to the end of its response")
                        .tag("target_group", name)
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry))
                .record(Duration.ofNanos(nanos));
    }

    void retry(String group) {
        groupRetries.computeIfAbsent(group, name -> Counter.builder("lb.target.group.retries")
                        .description("Requests tried again on another target after a connection failure")
                        .tag("target_group", name)
                        .register(registry))
                .increment();
    }

    static String statusClass(int status) {
        return status >= 100 && status < 600 ? status / 100 + "xx" : "other";
    }
}
