package dev.bluegreen.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.BakePolicy.Sample;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepAnalysisTest {

    final StepAnalysis analysis = new StepAnalysis(new BakePolicy(Duration.ofSeconds(30), 0.05,
            Duration.ofSeconds(2), 20));

    static Sample sample(long requests, long errors, long p99Ms) {
        return new Sample(requests, errors, Duration.ofMillis(p99Ms));
    }

    @Test
    void a_new_side_like_the_old_one_passes_with_both_sides_figures() {
        StepAnalysis.Verdict verdict = analysis.judge(sample(100, 0, 12), sample(900, 1, 10));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.judged()).isTrue();
        assertThat(verdict.figures()).isEqualTo("new side 100 requests, 0.0 % 5xx, p99 12 ms; old side 900 "
                + "requests, 0.1 % 5xx, p99 10 ms");
    }

    @Test
    void a_new_side_over_the_absolute_limits_breaches() {
        assertThat(analysis.judge(sample(100, 10, 12), sample(900, 0, 10)).breach()).hasValueSatisfying(why ->
                assertThat(why).startsWith("10.0 % of 100 new-side requests answered 5xx (limit 5.0 %)"));
        assertThat(analysis.judge(sample(100, 0, 2500), sample(900, 0, 2400)).breach()).hasValueSatisfying(why ->
                assertThat(why).startsWith("new-side p99 latency 2500 ms over 100 requests (limit 2000 ms)"));
    }

    @Test
    void a_new_side_far_worse_than_the_old_one_breaches_under_the_limits() {
        assertThat(analysis.judge(sample(100, 4, 12), sample(900, 0, 10)).breach()).hasValueSatisfying(why ->
                assertThat(why).isEqualTo("the new side answered 5xx far more often than the old side (new side "
                        + "100 requests, 4.0 % 5xx, p99 12 ms; old side 900 requests, 0.0 % 5xx, p99 10 ms)"));
        assertThat(analysis.judge(sample(100, 0, 400), sample(900, 0, 100)).breach()).hasValueSatisfying(why ->
                assertThat(why).startsWith("the new side was far slower at p99 than the old side"));
    }

    @Test
    void small_differences_are_noise_not_a_verdict() {
        assertThat(analysis.judge(sample(100, 1, 40), sample(900, 0, 10)).passed())
                .as("1 % more 5xx, 30 ms slower").isTrue();
        assertThat(analysis.judge(sample(100, 4, 12), sample(900, 27, 10)).passed())
                .as("as many 5xx as the old side").isTrue();
    }

    @Test
    void too_few_requests_on_the_new_side_conclude_nothing() {
        StepAnalysis.Verdict verdict = analysis.judge(sample(10, 10, 5000), sample(900, 0, 10));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.judged()).isFalse();
    }
}
