package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.pipeline.BakePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a target group answered since a moment: the load balancer's own counters for the group, read at the start
 * and at each look, so that the bake judges only the new version's requests in production, and a step of a shift
 * each side's requests over the step. They hold the targets' doing only: the latency is a target's time to its
 * response headers, and a client that went away before its target answered is a client abort, counted elsewhere,
 * never a 5xx here. A group serves every listener that forwards to it: while traffic shifts, the new side's
 * figures also hold what the test listener sent it.
 */
final class GroupWatch implements Supplier<BakePolicy.Sample> {

    private record Reading(double requests, double serverErrors, CountAtBucket[] buckets) {
    }

    private final MeterRegistry registry;
    private final String group;
    private final Reading start;

    GroupWatch(MeterRegistry registry, String group) {
        this.registry = registry;
        this.group = group;
        this.start = read();
    }

    @Override
    public BakePolicy.Sample get() {
        Reading now = read();
        long requests = Math.round(now.requests() - start.requests());
        long errors = Math.round(now.serverErrors() - start.serverErrors());
        return new BakePolicy.Sample(requests, errors, p99(now));
    }

    private Reading read() {
        double requests = 0;
        double errors = 0;
        for (Counter counter : registry.find("lb.target.group.requests").tag("target_group", group).counters()) {
            requests += counter.count();
            if ("5xx".equals(counter.getId().getTag("status"))) {
                errors += counter.count();
            }
        }
        Timer timer = registry.find("lb.target.group.response.time").tag("target_group", group).timer();
        return new Reading(requests, errors, timer == null ? new CountAtBucket[0]
                : timer.takeSnapshot().histogramCounts());
    }

    /**
     * The 99th percentile of the requests since the start, as the upper bound of the histogram bucket it falls in
     * (the buckets are cumulative counts); beyond the last bucket, that bucket's bound is all we know.
     */
    private Duration p99(Reading now) {
        if (now.buckets().length == 0) {
            return Duration.ZERO;
        }
        double total = now.buckets()[now.buckets().length - 1].count() - countAt(start, now.buckets().length - 1);
        double wanted = total * 0.99;
        for (int i = 0; i < now.buckets().length; i++) {
            double below = now.buckets()[i].count() - countAt(start, i);
            if (below >= wanted) {
                return Duration.ofNanos((long) now.buckets()[i].bucket());
            }
        }
        return Duration.ofNanos((long) now.buckets()[now.buckets().length - 1].bucket());
    }

    private static double countAt(Reading reading, int bucket) {
        return bucket < reading.buckets().length ? reading.buckets()[bucket].count() : 0;
    }
}
