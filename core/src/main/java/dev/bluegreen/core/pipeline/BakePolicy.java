package dev.bluegreen.core.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When production is unwell after a flip: too many 5xx, or too slow at p99, over a window with enough requests
 * to judge (a handful of requests with one error says nothing). Pure: the runtime measures, this judges.
 *
 * @param window        how long the bake watches production after the flip
 * @param maxErrorRate  the largest acceptable share of 5xx answers, 0 to 1
 * @param maxP99        the largest acceptable 99th-percentile latency
 * @param minRequests   below this many requests in a sample, nothing is concluded from it
 */
public record BakePolicy(Duration window, double maxErrorRate, Duration maxP99, long minRequests) {

    /** What production did over a sample period. */
    public record Sample(long requests, long serverErrors, Duration p99) {
    }

    public BakePolicy {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(maxP99, "maxP99");
        if (window.isNegative() || maxErrorRate < 0 || maxErrorRate > 1 || maxP99.isNegative() || maxP99.isZero()
                || minRequests < 1) {
            throw new IllegalArgumentException("bake window must not be negative, the error rate must be from 0 to 1, "
                    + "p99 positive and the minimum of requests at least 1");
        }
    }

    public static BakePolicy defaults() {
        return new BakePolicy(Duration.ofSeconds(30), 0.05, Duration.ofSeconds(2), 20);
    }

    /** The reason to roll back, if this sample of production breaches the policy. */
    public Optional<String> breach(Sample sample) {
        return breach(sample, "production");
    }

    /** The same judgement of a sample of {@code whose} requests ("production", "new-side"). */
    public Optional<String> breach(Sample sample, String whose) {
        if (sample.requests() < minRequests) {
            return Optional.empty();
        }
        double rate = (double) sample.serverErrors() / sample.requests();
        if (rate > maxErrorRate) {
            return Optional.of(String.format("%.1f %% of %d %s requests answered 5xx (limit %.1f %%)",
                    rate * 100, sample.requests(), whose, maxErrorRate * 100));
        }
        if (sample.p99().compareTo(maxP99) > 0) {
            return Optional.of(String.format("%s p99 latency %d ms over %d requests (limit %d ms)",
                    whose, sample.p99().toMillis(), sample.requests(), maxP99.toMillis()));
        }
        return Optional.empty();
    }
}
