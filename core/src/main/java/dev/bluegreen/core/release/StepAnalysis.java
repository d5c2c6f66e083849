package dev.bluegreen.core.release;

import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.BakePolicy.Sample;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement at each step of a shift: what the new side did against what the old side did over the same interval,
 * and against the bake's absolute limits. Comparing sides, not only limits, is what makes a canary worth its wait: a
 * new build twice as slow as the old one is caught even while both are under the limit (Flagger's and Argo Rollouts'
 * analysis). Small differences are noise, not a verdict: the new side breaches when its 5xx share is more than
 * {@link #ERROR_RATE_MARGIN} above the old side's and at least double it, or its p99 more than {@link #P99_MARGIN}
 * above the old side's and at least double it. Below the policy's minimum of requests nothing is concluded.
 */
public record StepAnalysis(BakePolicy limits) {

    /** The 5xx share the new side may exceed the old side's by (one percentage point) without being judged worse. */
    public static final double ERROR_RATE_MARGIN = 0.01;
    /**
     * How much slower at p99 the new side may be than the old side without being judged worse: a load balancer's
     * latency histogram tells 250 ms from 500 ms and no finer, so a smaller gap there is one bucket, not a verdict.
     */
    public static final Duration P99_MARGIN = Duration.ofMillis(250);

    /** How a step went: a breach (why), or passed; {@code judged} false when there were too few requests. */
    public record Verdict(Optional<String> breach, boolean judged, String figures) {
        public boolean passed() {
            return breach.isEmpty();
        }
    }

    public StepAnalysis {
        Objects.requireNonNull(limits, "limits");
    }

    public Verdict judge(Sample newSide, Sample oldSide) {
        String figures = "new side " + describe(newSide) + "; old side " + describe(oldSide);
        if (newSide.requests() < limits.minRequests()) {
            return new Verdict(Optional.empty(), false, figures);
        }
        Optional<String> absolute = limits.breach(newSide, "new-side");
        Optional<String> breach = absolute.or(() -> relative(newSide, oldSide));
        return new Verdict(breach.map(why -> why + " (" + figures + ")"), true, figures);
    }

    private Optional<String> relative(Sample newSide, Sample oldSide) {
        if (oldSide.requests() < limits.minRequests()) {
            return Optional.empty(); // nothing to compare with: the absolute limits were all there is
        }
        double newRate = rate(newSide);
        double oldRate = rate(oldSide);
        if (newRate > oldRate + ERROR_RATE_MARGIN && newRate >= 2 * oldRate) {
            return Optional.of("the new side answered 5xx far more often than the old side");
        }
        Duration newP99 = newSide.p99();
        Duration oldP99 = oldSide.p99();
        if (newP99.compareTo(oldP99.plus(P99_MARGIN)) > 0 && newP99.compareTo(oldP99.multipliedBy(2)) >= 0) {
            return Optional.of("the new side was far slower at p99 than the old side");
        }
        return Optional.empty();
    }

    private static double rate(Sample sample) {
        return sample.requests() == 0 ? 0 : (double) sample.serverErrors() / sample.requests();
    }

    /** "412 requests, 0.2 % 5xx, p99 14 ms". */
    public static String describe(Sample sample) {
        return String.format(Locale.ROOT, "%d requests, %.1f %% 5xx, p99 %d ms", sample.requests(),
                rate(sample) * 100, sample.p99().toMillis());
    }
}
