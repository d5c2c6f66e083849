package dev.bluegreen.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseStrategyTest {

    @Test
    void a_canary_takes_its_share_for_one_interval_then_all_of_production() {
        ReleaseStrategy canary = ReleaseStrategy.parse("canary:10%:5m");

        assertThat(canary).isEqualTo(new ReleaseStrategy.Canary(10, Duration.ofMinutes(5)));
        assertThat(canary.steps()).containsExactly(10, 100);
        assertThat(canary.describe()).isEqualTo("canary: 10 % for 5m, then 100 %");
    }

    @Test
    void a_linear_release_adds_its_share_every_interval_and_ends_at_all_of_production() {
        assertThat(ReleaseStrategy.parse("linear:20%:30s").steps()).containsExactly(20, 40, 60, 80, 100);
        assertThat(ReleaseStrategy.parse("LINEAR:30:1500ms").steps()).containsExactly(30, 60, 90, 100);
        assertThat(ReleaseStrategy.parse("linear:30:1500ms").interval()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void all_at_once_is_the_seeds_flip() {
        assertThat(ReleaseStrategy.parse(" all-at-once ")).isEqualTo(ReleaseStrategy.ALL_AT_ONCE);
        assertThat(ReleaseStrategy.ALL_AT_ONCE.steps()).containsExactly(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-at-once", "canary:10%:5m", "linear:25%:90s", "canary:1%:1h", "linear:5%:250ms"})
    void a_spec_reads_back_as_written(String spec) {
        assertThat(ReleaseStrategy.parse(spec).spec()).isEqualTo(spec);
    }

    @Test
    void a_wrong_spec_says_what_is_wrong_and_what_is_expected() {
        assertThatThrownBy(() -> ReleaseStrategy.parse("blue-green")).hasMessage("release strategy 'blue-green' is "
                + "not " + ReleaseStrategy.FORMAT);
        assertThatThrownBy(() -> ReleaseStrategy.parse("canary:0%:5m"))
                .hasMessage("release strategy 'canary:0%:5m': the step must be 1 to 99 % of production, not 0 %");
        assertThatThrownBy(() -> ReleaseStrategy.parse("linear:100%:5m")).hasMessageContaining("not 100 %");
        assertThatThrownBy(() -> ReleaseStrategy.parse("canary:10%:5days"))
                .hasMessage("release strategy 'canary:10%:5days': interval '5days' is not a number with ms, s, m "
                        + "or h (e.g. 30s, 5m)");
        assertThatThrownBy(() -> ReleaseStrategy.parse("canary:10%:0s")).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> ReleaseStrategy.parse("canary:10%:25h")).hasMessageContaining("at most 24h");
    }
}
