package dev.bluegreen.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.release.ReleaseProgress.Result;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseProgressTest {

    static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");
    static final Instant T1 = T0.plusSeconds(30);
    static final StepAnalysis.Verdict PASSED = new StepAnalysis.Verdict(Optional.empty(), true, "new side fine");
    static final StepAnalysis.Verdict QUIET = new StepAnalysis.Verdict(Optional.empty(), false, "3 requests");
    static final StepAnalysis.Verdict BREACH = new StepAnalysis.Verdict(Optional.of("too many 5xx (figures)"), true,
            "figures");

    final ReleaseProgress linear = ReleaseProgress.of(ReleaseStrategy.parse("linear:40%:30s"), "release.yml");

    @Test
    void a_linear_release_goes_step_by_step_each_judged_then_promoted() {
        assertThat(linear.stepped()).isTrue();
        assertThat(linear.nextPercent()).contains(40);
        assertThat(linear.where()).isEqualTo("step 1 of 3 (40 %)");

        ReleaseProgress first = linear.started(40, T0);
        assertThat(first.running()).hasValueSatisfying(step -> assertThat(step.percent()).isEqualTo(40));
        assertThat(first.nextPercent()).as("the running step's").contains(40);
        ReleaseProgress second = first.judged(PASSED, T1).started(80, T1);
        assertThat(second.where()).isEqualTo("step 2 of 3 (80 %)");
        ReleaseProgress done = second.judged(QUIET, T1).started(100, T1);

        assertThat(done.steps()).extracting(ReleaseProgress.Step::result)
                .containsExactly(Result.PASSED, Result.NOT_JUDGED, Result.PROMOTED);
        assertThat(done.steps().get(0).note()).isEqualTo("new side fine");
        assertThat(done.running()).isEmpty();
        assertThat(done.nextPercent()).isEmpty();
        assertThat(done.lastPercent()).isEqualTo(100);
    }

    @Test
    void a_breach_ends_the_step_with_its_reason_and_a_resumed_step_starts_its_interval_again() {
        ReleaseProgress breached = linear.started(40, T0).judged(BREACH, T1);
        assertThat(breached.steps().get(0).result()).isEqualTo(Result.BREACHED);
        assertThat(breached.steps().get(0).note()).isEqualTo("too many 5xx (figures)");

        ReleaseProgress resumed = linear.started(40, T0).resumed(T1);
        assertThat(resumed.running()).hasValueSatisfying(step -> {
            assertThat(step.startedAt()).isEqualTo(T1);
            assertThat(step.resumed()).isTrue();
        });
        ReleaseProgress stopped = resumed.stopped("rolled back by alice", T1);
        assertThat(stopped.steps().get(0).result()).isEqualTo(Result.STOPPED);
        assertThat(stopped.steps().get(0).resumed()).as("it was resumed before it stopped").isTrue();
    }

    @Test
    void steps_out_of_order_and_a_strategy_changed_after_the_start_are_refused() {
        assertThatThrownBy(() -> linear.started(80, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> linear.started(40, T0).started(80, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> linear.judged(PASSED, T0)).isInstanceOf(IllegalStateException.class);
        assertThat(linear.choose(ReleaseStrategy.ALL_AT_ONCE, "grace").stepped()).isFalse();
        assertThatThrownBy(() -> linear.started(40, T0).choose(ReleaseStrategy.ALL_AT_ONCE, "grace"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ReleaseProgress.allAtOnce().stepped()).isFalse();
        assertThat(ReleaseProgress.allAtOnce().nextPercent()).contains(100);
    }
}
