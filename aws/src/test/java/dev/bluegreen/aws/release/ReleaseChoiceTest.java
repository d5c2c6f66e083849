package dev.bluegreen.aws.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.release.ReleaseStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseChoiceTest {

    @Test
    void the_approvers_comment_wins_wherever_it_says_strategy_in_any_case() {
        ReleaseChoice chosen = ReleaseChoice.choose(Optional.of("Checked the test listener, fine. STRATEGY: "
                + "Linear:20%:1M please"), "canary:5%:1m", "all-at-once");

        assertThat(chosen.strategy()).isEqualTo(new ReleaseStrategy.Linear(20, Duration.ofMinutes(1)));
        assertThat(chosen.source()).isEqualTo(ReleaseChoice.APPROVAL);
    }

    @Test
    void a_comment_without_a_strategy_leaves_it_to_the_app_then_to_the_stack() {
        assertThat(ReleaseChoice.choose(Optional.of("lgtm"), "canary:5%:1m", "all-at-once").describe())
                .isEqualTo("canary: 5 % for 1m, then 100 % (chosen by the app's release.yml)");
        assertThat(ReleaseChoice.choose(Optional.empty(), ReleaseChoice.NONE, "linear:50%:30s").describe())
                .isEqualTo("linear: 50 % more every 30s (2 steps) (chosen by the stack's default)");
        assertThat(ReleaseChoice.choose(Optional.empty(), null, null).strategy()).isEqualTo(ReleaseStrategy.ALL_AT_ONCE);
    }

    @Test
    void an_invalid_spec_names_who_asked_and_what_a_strategy_is() {
        assertThatThrownBy(() -> ReleaseChoice.choose(Optional.of("strategy: slowly"), "none", "all-at-once"))
                .hasMessage("the approval asks for an invalid release strategy: release strategy 'slowly' is not "
                        + ReleaseStrategy.FORMAT);
        assertThatThrownBy(() -> ReleaseChoice.choose(Optional.empty(), "canary:10%:0s", "all-at-once"))
                .hasMessageStartingWith("the app's release.yml asks for an invalid release strategy:")
                .hasMessageEndingWith("(a strategy is " + ReleaseStrategy.FORMAT + ")");
    }

    @Test
    void the_state_travels_as_a_token_and_a_token_of_an_older_flip_still_reads() {
        ReleaseChoice canary = ReleaseChoice.choose(Optional.empty(), "canary:10%:5m", "all-at-once");
        ReleaseState state = ReleaseState.start(canary).atStep(0, Instant.parse("2026-12-05T10:00:00Z"));

        assertThat(ReleaseState.of(state.token())).isEqualTo(state);
        assertThat(state.token().length()).isLessThan(2048);
        ReleaseState older = ReleaseState.of("{\"group\":\"blue\",\"tasks\":2,\"before\":1,\"deadline\":1000}");
        assertThat(older.choice().strategy()).isEqualTo(ReleaseStrategy.ALL_AT_ONCE);
        assertThat(older.scaling()).isEqualTo(new ReleaseState.Scaling("blue", 2, 1, Instant.ofEpochMilli(1000)));
        assertThatThrownBy(() -> ReleaseState.of("{\"strategy\":\"canary:10%:5m\",\"from\":\"x\",\"step\":7}"))
                .hasMessageStartingWith("the continuation token is not one the flip wrote");
    }
}
