package dev.bluegreen.platform.lb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Requests per listener and per target group by status class, and a latency histogram per target group: the
 * targets' time to answer, what the bake judges. Client aborts are counted apart, never as a status, and each
 * listener counts its open connections and the ones it closed or refused, by reason. Tags are bounded: listener
 * and group names are configuration, the status is reduced to its class, reasons are constants. Besides these
 * since-start totals (for Prometheus), each target group keeps an interval of its own, read and restarted by
 * {@link #takeInterval}: what a per-second chart needs, including a p99 of that second alone.
 */
final class LbMetrics {

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    /** Why a listener closed a connection: a request's headers did not arrive in time. */
    private static final String HEADER_TIMEOUT = "header_timeout";
    /** Why a listener closed a connection it was accepting: it had reached its connection limit. */
    private static final String CONNECTION_LIMIT = "connection_limit";

    /** The status classes a request is counted under: 1xx to 5xx, then anything else. */
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

    private final MeterRegistry registry;
    /**
     * Built once per name (and status class, on its first request): on the request path a map lookup and an array
     * read, where the registry's builder would allocate and look up on every request.
     */
    private final Map<String, ListenerRequests> listenerRequests = new ConcurrentHashMap<>();
    private final Map<String, GroupRequests> groupRequests = new ConcurrentHashMap<>();

    LbMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void listener(String listener, int status) {
        listenerRequests.computeIfAbsent(listener, ListenerRequests::new).count(status);
    }

    void group(String group, int status, long nanos) {
        groupRequests.computeIfAbsent(group, GroupRequests::new).count(status, nanos);
    }

    /**
     * A client that went away before its response was complete: its own metric, never a status of the target
     * group. Before the target answered, this is all that is counted of the request.
     */
    void clientAbort(String listener, String group) {
        groupRequests.computeIfAbsent(group, GroupRequests::new).clientAbort();
        listenerRequests.computeIfAbsent(listener, ListenerRequests::new).aborts.increment();
    }

    /** A listener's counters of connections it closed or refused, and of the times it reached its limit. */
    ListenerMeters listenerMeters(String listener) {
        return new ListenerMeters(
                Counter.builder("lb.listener.connection.limit.reached")
                        .description("Times a listener reached its connection limit and stopped accepting")
                        .tag("listener", listener)
                        .register(registry),
                closed(listener, HEADER_TIMEOUT), closed(listener, CONNECTION_LIMIT));
    }

    /** A listener's open connections, read whenever the registry is. */
    void openConnections(String listener, IntSupplier open) {
        Gauge.builder("lb.listener.connections", open::getAsInt)
                .description("Connections open on a load balancer listener")
                .tag("listener", listener)
                .strongReference(true)
                .register(registry);
    }

    /** The percent of a listener's requests its forward sends to a target group, read whenever the registry is. */
    void weight(String listener, String group, IntSupplier percent) {
        Gauge.builder("lb.listener.weight.percent", percent::getAsInt)
                .description("Percent of a listener's requests forwarded to a target group: 100 for the group it "
                        + "forwards to, shared by weight while traffic shifts, 0 for a group it no longer uses")
                .tag("listener", listener)
                .tag("target_group", group)
                .strongReference(true)
                .register(registry);
    }

    private Counter closed(String listener, String reason) {
        return Counter.builder("lb.listener.connections.closed")
                .description("Connections a listener closed or refused before answering, by reason")
                .tag("listener", listener)
                .tag("reason", reason)
                .register(registry);
    }

    /** One listener's connection counters, built once when it opens. */
    record ListenerMeters(Counter limitReached, Counter headerTimeouts, Counter refusedAtLimit) {
    }

    /** A target group's traffic since the previous call for it (or since its first request). */
    LoadBalancer.Traffic takeInterval(String group) {
        GroupRequests requests = groupRequests.get(group);
        return requests == null ? LoadBalancer.Traffic.NONE : requests.interval.take();
    }

    void retry(String group) {
        groupRequests.computeIfAbsent(group, GroupRequests::new).retries.increment();
    }

    static String statusClass(int status) {
        return STATUS_CLASSES[statusIndex(status)];
    }

    private static int statusIndex(int status) {
        return status >= 100 && status < 600 ? status / 100 - 1 : STATUS_CLASSES.length - 1;
    }

    /** A counter registered at its first increment: no series for what never happened (a retry, an abort). */
    private static final class Lazy {

        private final Supplier<Counter> register;
        private volatile Counter counter;

        Lazy(Supplier<Counter> register) {
            this.register = register;
        }

        void increment() {
            Counter registered = counter;
            if (registered == null) {
                registered = register.get(); // twice in a race is harmless: the registry answers the same counter
                counter = registered;
            }
            registered.increment();
        }
    }

    /** A counter per status class, registered on the first request of its class (no series for a class unseen). */
    private final class ByStatus {

        private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(STATUS_CLASSES.length);
        private final Function<String, Counter> register;

        ByStatus(Function<String, Counter> register) {
            this.register = register;
        }

        void increment(int status) {
            int index = statusIndex(status);
            Counter counter = counters.get(index);
            if (counter == null) {
                // registering twice in a race is harmless: the registry answers the same counter
                counter = register.apply(STATUS_CLASSES[index]);
                counters.set(index, counter);
            }
            counter.increment();
        }
    }

    /** One listener's requests by status class and its client aborts. */
    private final class ListenerRequests {

        private final ByStatus requests;
        private final Lazy aborts;

        ListenerRequests(String listener) {
            requests = new ByStatus(statusClass -> Counter.builder("lb.listener.requests")
                    .description("Requests received by a load balancer listener")
                    .tag("listener", listener)
                    .tag("status", statusClass)
                    .register(registry));
            aborts = new Lazy(() -> Counter.builder("lb.listener.client.aborts")
                    .description("Clients that went away before their response was complete")
                    .tag("listener", listener)
                    .register(registry));
        }

        void count(int status) {
            requests.increment(status);
        }
    }

    /** One target group's requests by status class, their latency, its client aborts, retries and interval. */
    private final class GroupRequests {

        private final Interval interval = new Interval();
        private final ByStatus requests;
        private final Timer latency;
        private final Lazy aborts;
        private final Lazy retries;

        GroupRequests(String group) {
            requests = new ByStatus(statusClass -> Counter.builder("lb.target.group.requests")
                    .description("Requests answered for a target group")
                    .tag("target_group", group)
                    .tag("status", statusClass)
                    .register(registry));
            latency = Timer.builder("lb.target.group.response.time")
                    .description("Time from the whole request at the load balancer to the response headers "
                            + "of its target (or the load balancer's own answer)")
                    .tag("target_group", group)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            aborts = new Lazy(() -> Counter.builder("lb.target.group.client.aborts")
                    .description("Requests for a target group whose client went away before the response was "
                            + "complete")
                    .tag("target_group", group)
                    .register(registry));
            retries = new Lazy(() -> Counter.builder("lb.target.group.retries")
                    .description("Requests tried again on another target after a connection failure")
                    .tag("target_group", group)
                    .register(registry));
        }

        void count(int status, long nanos) {
            // the interval and the latency first: whoever sees a request counted (a test) finds it in them too
            interval.record(status, nanos);
            latency.record(nanos, TimeUnit.NANOSECONDS);
            requests.increment(status);
        }

        void clientAbort() {
            interval.clientAbort();
            aborts.increment();
        }
    }

    /**
     * One target group's requests since the last read. The latency goes to an HdrHistogram {@link Recorder}: a
     * wait-free record on the request path, and the reader swaps in a fresh histogram instead of resetting one
     * that writers are using. 2 significant digits: the p99 is within 1 %.
     */
    private static final class Interval {

        /** The histogram needs a bound: a slower answer counts as one minute, already an outage on any chart. */
        private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

        private final Recorder latency = new Recorder(MAX_MICROS, 2);
        private final LongAdder serverErrors = new LongAdder();
        private final LongAdder clientAborts = new LongAdder();
        private long serverErrorsTaken;
        private long clientAbortsTaken;
        private Histogram recycled;

        void record(int status, long nanos) {
            latency.recordValue(Math.min(Math.max(nanos / 1000, 0), MAX_MICROS));
            if (status >= 500) {
                serverErrors.increment();
            }
        }

        void clientAbort() {
            clientAborts.increment();
        }

        synchronized LoadBalancer.Traffic take() {
            recycled = latency.getIntervalHistogram(recycled);
            long errors = serverErrors.sum();
            long newErrors = errors - serverErrorsTaken;
            serverErrorsTaken = errors;
            long requests = recycled.getTotalCount();
            // a 5xx that ends while the interval turns may be counted in the next one, where its request was not
            newErrors = Math.min(newErrors, requests);
            double p99 = requests == 0 ? Double.NaN : recycled.getValueAtPercentile(99) / 1000.0;
            long aborts = clientAborts.sum();
            long newAborts = aborts - clientAbortsTaken;
            clientAbortsTaken = aborts;
            return new LoadBalancer.Traffic(requests, newErrors, p99, newAborts);
        }
    }
}
