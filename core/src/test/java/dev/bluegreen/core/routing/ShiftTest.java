package dev.bluegreen.core.routing;

import static dev.bluegreen.core.routing.FlipPlannerTest.PAIR;
import static dev.bluegreen.core.routing.FlipPlannerTest.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.FlipperTest.MemorySwitch;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traffic shifting through the one flip carry-out: shares of production on the new build, then the flip. */
class ShiftTest {

    final MemorySwitch lb = new MemorySwitch(seed("v1", "v2"));
    final Flipper flipper = new Flipper(lb, PAIR, Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
    final Flipper.Request pipeline = Flipper.Request.by("pipeline");

    @Test
    void a_step_sends_a_share_of_production_to_the_test_side_and_nothing_else_moves() {
        Outcome outcome = flipper.shift("v2", 10, pipeline);

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).isEqualTo("shift: 10 % of production on green (v2), 90 % on blue (v1)");
        assertThat(outcome.details()).containsEntry("prod", "blue").containsEntry("test", "green")
                .containsEntry("shifted", 10).containsEntry("changed", true);
        assertThat(lb.routing.weights("prod")).containsExactly(Map.entry("blue", 90), Map.entry("green", 10));
        assertThat(lb.routing.forwardsTo("test")).contains("green");
        assertThat(lb.routing.tags("blue").isProduction()).as("the old side is production until the flip").isTrue();
        assertThat(lb.last).as("a step is no flip").isNull();
        assertThat(lb.events).singleElement().extracting(Event::type).isEqualTo(EventType.SHIFT);
    }

    @Test
    void steps_then_the_flip_end_with_production_wholly_on_the_new_build_and_a_rollback_that_undoes_it() {
        flipper.shift("v2", 20, pipeline);
        flipper.shift("v2", 40, pipeline);
        assertThat(flipper.shift("v2", 40, pipeline).message())
                .isEqualTo("shift: nothing to do, 40 % of production is already on green (v2)");

        Outcome last = flipper.shift("v2", 100, pipeline);

        assertThat(last.message()).isEqualTo("flip: production now on green (v2), test on blue (v1)");
        assertThat(lb.routing.weights("prod")).containsExactly(Map.entry("green", 100));
        assertThat(lb.routing.splits()).isEmpty();
        assertThat(lb.last).isEqualTo(new LastFlip("green", "v2", "blue", "v1", null));

        flipper.rollback(Flipper.Request.by("alice"));
        assertThat(lb.routing).isEqualTo(seed("v1", "v2"));
    }

    @Test
    void a_rollback_while_traffic_shifts_sends_all_of_production_back_at_once_and_keeps_the_last_flip() {
        LastFlip earlier = new LastFlip("blue", "v1", "green", "v0", null);
        lb.last = earlier;
        flipper.shift("v2", 30, pipeline);
        assertThat(flipper.rollbackPreview().message()).isEqualTo("blue (v1)");

        Outcome outcome = flipper.rollback(Flipper.Request.by("bake"));

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).isEqualTo("rollback: production now on blue (v1), test on green (v2)");
        assertThat(outcome.details()).containsEntry("shifted", 0);
        assertThat(lb.routing).isEqualTo(seed("v1", "v2"));
        assertThat(lb.last).isEqualTo(earlier);
    }

    @Test
    void a_flip_by_hand_while_traffic_shifts_completes_the_release() {
        flipper.shift("v2", 10, pipeline);

        flipper.flip(Flipper.Request.by("alice"));

        assertThat(lb.routing.weights("prod")).containsExactly(Map.entry("green", 100));
        assertThat(lb.routing.tags("green").isProduction()).isTrue();
    }

    @Test
    void a_shift_is_bound_to_the_build_on_the_test_side_and_needs_a_healthy_target() {
        assertThat(flipper.shift("v9", 10, pipeline).message())
                .isEqualTo("build v9 is no longer on the test side (green runs v2); nothing flipped");
        lb.healthy.remove("green");
        assertThat(flipper.shift("v2", 10, pipeline).message())
                .isEqualTo("target group 'green' has no healthy target; production stays on 'blue'");
        assertThat(lb.routing).isEqualTo(seed("v1", "v2"));
        assertThat(lb.events).extracting(Event::type).containsOnly(EventType.SHIFT_REFUSED);
        assertThatThrownBy(() -> flipper.shift("v2", 0, pipeline)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_build_already_in_production_has_nothing_left_to_shift() {
        flipper.flip(Flipper.Request.by("alice"));

        Outcome outcome = flipper.shift("v2", 10, pipeline);

        assertThat(outcome.details()).containsEntry("changed", false);
        assertThat(outcome.message()).isEqualTo("shift: nothing to do, production is already on green (v2)");
    }

    @Test
    void a_step_that_fails_is_retried_as_the_same_step_not_as_a_flip() {
        lb.failingSteps.add(1);

        Outcome outcome = flipper.shift("v2", 25, pipeline);

        assertThat(outcome.done()).isTrue();
        assertThat(lb.routing.weights("prod")).containsExactly(Map.entry("blue", 75), Map.entry("green", 25));
        assertThat(lb.routing.tags("blue").isProduction()).isTrue();
    }

    @Test
    void nothing_shifts_while_a_build_replaces_the_test_side() {
        lb.deploying = "b7";

        assertThat(flipper.shift("v2", 10, pipeline).message()).endsWith("; shift traffic once it is done (or has "
                + "failed)");
        assertThat(lb.routing.splits()).isEmpty();
    }
}
