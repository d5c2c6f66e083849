package dev.bluegreen.core.routing;

import static dev.bluegreen.core.routing.FlipPlannerTest.ALL_HEALTHY;
import static dev.bluegreen.core.routing.FlipPlannerTest.PAIR;
import static dev.bluegreen.core.routing.FlipPlannerTest.proceed;
import static dev.bluegreen.core.routing.FlipPlannerTest.seed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollbackPlannerTest {

    @Test
    void a_rollback_undoes_the_last_flip_while_the_old_version_still_runs() {
        Routing before = seed("v1", "v2");
        Decision.Proceed flip = proceed(FlipPlanner.flip(before, PAIR, ALL_HEALTHY));
        LastFlip last = LastFlip.of(before, flip, null);
        assertThat(last).isEqualTo(new LastFlip("green", "v2", "blue", "v1", null));

        Decision.Proceed rollback = proceed(RollbackPlanner.rollback(flip.target(), PAIR, last, ALL_HEALTHY));
        assertThat(rollback.target()).isEqualTo(before);
        assertThat(rollback.promoted()).isEqualTo("blue");
    }

    @Test
    void without_a_flip_there_is_nothing_to_roll_back() {
        assertThat(RollbackPlanner.rollback(seed("v1", "v1"), PAIR, null, ALL_HEALTHY))
                .isEqualTo(new Decision.Refused(Reason.NO_PREVIOUS_FLIP, "there is no earlier flip to roll back"));
    }

    @Test
    void once_a_new_build_replaced_the_old_version_on_the_test_side_rollback_is_refused() {
        Routing before = seed("v1", "v2");
        Decision.Proceed flip = proceed(FlipPlanner.flip(before, PAIR, ALL_HEALTHY));
        Routing redeployed = flip.target().withTag("blue", Tags.IMAGE, "v3");
        assertThat(RollbackPlanner.rollback(redeployed, PAIR, LastFlip.of(before, flip, null), ALL_HEALTHY))
                .isEqualTo(new Decision.Refused(Reason.PREVIOUS_VERSION_GONE,
                        "the test side 'blue' now runs v3, not v1, which production ran before the last flip"));
    }

    @Test
    void a_rollback_after_a_rollback_is_refused_because_production_moved() {
        Routing before = seed("v1", "v2");
        Decision.Proceed flip = proceed(FlipPlanner.flip(before, PAIR, ALL_HEALTHY));
        Routing rolledBack = proceed(RollbackPlanner.rollback(flip.target(), PAIR, LastFlip.of(before, flip, null),
                ALL_HEALTHY)).target();
        assertThat(RollbackPlanner.rollback(rolledBack, PAIR, LastFlip.of(before, flip, null), ALL_HEALTHY))
                .isInstanceOfSatisfying(Decision.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.PREVIOUS_SIDE_MOVED));
    }

    @Test
    void the_old_side_must_still_be_healthy() {
        Routing before = seed("v1", "v2");
        Decision.Proceed flip = proceed(FlipPlanner.flip(before, PAIR, ALL_HEALTHY));
        assertThat(RollbackPlanner.rollback(flip.target(), PAIR, LastFlip.of(before, flip, null), g -> false))
                .isInstanceOfSatisfying(Decision.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.NO_HEALTHY_TARGET));
    }
}
