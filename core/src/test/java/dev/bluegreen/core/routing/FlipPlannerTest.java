package dev.bluegreen.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FlipPlannerTest {

    static final BlueGreenPair PAIR = BlueGreenPair.STANDARD;
    static final Predicate<String> ALL_HEALTHY = g -> true;

    /** The seed's starting point: prod on blue (Code1, live), test on green (Code2). */
    static Routing seed(String blueImage, String greenImage) {
        return new Routing(Map.of("prod", "blue", "test", "green", "api", "api"), Map.of(
                "blue", Tags.of("Code1", true, blueImage),
                "green", Tags.of("Code2", false, greenImage),
                "api", new Tags(Map.of())));
    }

    static Decision.Proceed proceed(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Proceed.class);
        return (Decision.Proceed) decision;
    }

    static Routing apply(Routing routing, List<Change> changes) {
        for (Change change : changes) {
            routing = change.applyTo(routing);
        }
        return routing;
    }

    @Test
    void a_flip_swaps_the_listeners_and_the_production_tags_in_a_safe_order() {
        Routing before = seed("v1", "v2");
        Decision.Proceed flip = proceed(FlipPlanner.flip(before, PAIR, ALL_HEALTHY));

        assertThat(flip.promoted()).isEqualTo("green");
        assertThat(flip.demoted()).isEqualTo("blue");
        assertThat(flip.changes()).containsExactly(
                new Change.ForwardListener("prod", "green"),
                new Change.ForwardListener("test", "blue"),
                new Change.SetTag("green", Tags.IS_PRODUCTION, "true"),
                new Change.SetTag("blue", Tags.IS_PRODUCTION, "false"));
        Routing after = flip.target();
        assertThat(after).isEqualTo(apply(before, flip.changes()));
        assertThat(after.forwardsTo("prod")).contains("green");
        assertThat(after.forwardsTo("test")).contains("blue");
        assertThat(after.forwardsTo("api")).contains("api");
        assertThat(after.tags("green").isProduction()).isTrue();
        assertThat(after.tags("blue").isProduction()).isFalse();
        assertThat(after.tags("green").identifier()).contains("Code2");
        assertThat(after.tags("green").image()).contains("v2");
    }

    @Test
    void two_flips_come_back_to_the_start() {
        Routing start = seed("v1", "v2");
        Routing once = proceed(FlipPlanner.flip(start, PAIR, ALL_HEALTHY)).target();
        assertThat(proceed(FlipPlanner.flip(once, PAIR, ALL_HEALTHY)).target()).isEqualTo(start);
    }

    @Test
    void a_side_without_a_healthy_target_is_never_promoted() {
        Decision decision = FlipPlanner.flip(seed("v1", "v2"), PAIR, g -> !g.equals("green"));
        assertThat(decision).isEqualTo(new Decision.Refused(Reason.NO_HEALTHY_TARGET,
                "target group 'green' has no healthy target; production stays on 'blue'"));
    }

    @Test
    void a_listener_without_a_target_group_is_refused() {
        Routing noTest = new Routing(Map.of("prod", "blue"), seed("v1", "v1").groups());
        assertThat(FlipPlanner.flip(noTest, PAIR, ALL_HEALTHY)).isInstanceOfSatisfying(Decision.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Reason.LISTENER_UNROUTED));
    }

    @Test
    void every_interruption_of_a_flip_converges_to_the_flipped_routing_without_flipping_back() {
        Routing before = seed("v1", "v2");
        Decision.Proceed flip = proceed(FlipPlanner.flip(before, PAIR, ALL_HEALTHY));
        for (int done = 1; done < flip.changes().size(); done++) {
            Routing interrupted = apply(before, flip.changes().subList(0, done));
            // a retry asks again, as the seed's Lambda would, with no health for the side already live
            Decision.Proceed retry = proceed(FlipPlanner.flip(interrupted, PAIR, g -> false));
            assertThat(retry.target()).as("after %d of %d steps", done, flip.changes().size())
                    .isEqualTo(flip.target());
            assertThat(retry.changes()).isEqualTo(flip.changes().subList(done, flip.changes().size()));
            assertThat(Set.copyOf(List.of(retry.target().forwardsTo("prod").orElseThrow(),
                    retry.target().forwardsTo("test").orElseThrow()))).hasSize(2);
        }
    }

    @Test
    void a_repeated_request_for_a_flip_that_took_place_does_not_flip_back() {
        Routing before = seed("v1", "v2");
        Routing after = proceed(FlipPlanner.flip(before, PAIR, ALL_HEALTHY)).target();
        Decision.Proceed again = proceed(FlipPlanner.flip(after, PAIR, ALL_HEALTHY, "blue"));
        assertThat(again.alreadyDone()).isTrue();
        assertThat(again.target()).isEqualTo(after);
    }

    @Test
    void both_listeners_on_one_group_without_a_partner_cannot_be_finished() {
        Routing stuck = new Routing(Map.of("prod", "blue", "test", "blue"), Map.of("blue", Tags.of("Code1", true,
                "v1")));
        assertThat(FlipPlanner.flip(stuck, PAIR, ALL_HEALTHY)).isInstanceOfSatisfying(Decision.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Reason.NO_OTHER_GROUP));
    }
}
