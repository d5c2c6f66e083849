package dev.bluegreen.core.routing;

import static dev.bluegreen.core.routing.FlipPlannerTest.PAIR;
import static dev.bluegreen.core.routing.FlipPlannerTest.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one flip carry-out, over an in-memory load balancer that applies each step and can fail on chosen ones. */
class FlipperTest {

    /** A load balancer in memory: steps applied one by one; the listed steps (1-based, counted over all calls) fail. */
    static final class MemorySwitch implements TrafficSwitch {
        Routing routing;
        LastFlip last;
        final Set<String> healthy = new HashSet<>(Set.of("blue", "green"));
        final List<Event> events = new ArrayList<>();
        final Set<Integer> failingSteps = new HashSet<>();
        int steps;
        String deploying;
        boolean ignoresWrites;

        MemorySwitch(Routing routing) {
            this.routing = routing;
        }

        @Override
        public Routing routing() {
            return routing;
        }

        @Override
        public boolean hasHealthyTarget(String group) {
            return healthy.contains(group);
        }

        @Override
        public Optional<LastFlip> lastFlip() {
            return Optional.ofNullable(last);
        }

        @Override
        public void apply(Decision.Proceed plan, LastFlip remember, Event event) {
            if (remember != null) {
                last = remember;
            }
            events.add(event);
            for (Change change : plan.changes()) {
                if (failingSteps.contains(++steps)) {
                    throw new IllegalStateException("connection reset (injected)");
                }
                if (!ignoresWrites) {
                    routing = change.applyTo(routing);
                }
            }
        }

        @Override
        public void record(Event event) {
            events.add(event);
        }

        @Override
        public Optional<String> deploying() {
            return Optional.ofNullable(deploying);
        }
    }

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    final MemorySwitch lb = new MemorySwitch(seed("v1", "v2"));
    final Flipper flipper = new Flipper(lb, PAIR, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void a_flip_is_remembered_with_its_event_then_applied_and_reported_as_read_back() {
        Outcome outcome = flipper.flip(Flipper.Request.by("alice"));

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).isEqualTo("flip: production now on green (v2), test on blue (v1)");
        assertThat(outcome.details()).containsEntry("prod", "green").containsEntry("prodImage", "v2")
                .containsEntry("test", "blue").containsEntry("testImage", "v1").containsEntry("changed", true);
        assertThat(lb.routing.forwardsTo("prod")).contains("green");
        assertThat(lb.routing.tags("green").isProduction()).isTrue();
        assertThat(lb.last).isEqualTo(new LastFlip("green", "v2", "blue", "v1", null));
        assertThat(lb.events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.FLIP);
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.time()).isEqualTo(NOW);
            assertThat(e.message()).isEqualTo(outcome.message());
        });
    }

    @Test
    void a_refused_flip_changes_nothing_and_is_recorded_with_the_reason() {
        lb.healthy.remove("green");

        Outcome outcome = flipper.flip(Flipper.Request.by("alice"));

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.message()).isEqualTo("target group 'green' has no healthy target; production stays on "
                + "'blue'");
        assertThat(outcome.details()).containsEntry("prod", "blue").containsEntry("changed", false);
        assertThat(lb.routing).isEqualTo(seed("v1", "v2"));
        assertThat(lb.events).singleElement().extracting(Event::type).isEqualTo(EventType.FLIP_REFUSED);
    }

    @Test
    void nothing_moves_while_a_build_replaces_the_test_side() {
        lb.deploying = "b7-3f2a1c9";

        assertThat(flipper.flip(Flipper.Request.by("alice")).message()).isEqualTo("build b7-3f2a1c9 is being "
                + "deployed to the test side; flip once it is done (or has failed)");
        assertThat(flipper.rollback(Flipper.Request.by("alice")).message()).endsWith("; roll back once it is done "
                + "(or has failed)");
        assertThat(lb.routing).isEqualTo(seed("v1", "v2"));
    }

    @Test
    void the_same_request_delivered_twice_flips_once() {
        flipper.flip(new Flipper.Request("pipeline", "job-1"));
        Outcome again = flipper.flip(new Flipper.Request("pipeline", "job-1"));

        assertThat(again.done()).isTrue();
        assertThat(again.details()).containsEntry("changed", false);
        assertThat(again.message()).isEqualTo("flip: nothing to do, production is already on green (v2)");
        assertThat(lb.routing.forwardsTo("prod")).contains("green");

        flipper.flip(new Flipper.Request("pipeline", "job-2"));
        assertThat(lb.routing.forwardsTo("prod")).as("a new request flips").contains("blue");
    }

    @Test
    void a_call_failing_part_way_is_finished_once_towards_the_same_target() {
        lb.failingSteps.add(2); // the production listener moved, the test listener did not

        Outcome outcome = flipper.flip(Flipper.Request.by("alice"));

        assertThat(outcome.done()).isTrue();
        assertThat(lb.routing.forwardsTo("prod")).contains("green");
        assertThat(lb.routing.forwardsTo("test")).contains("blue");
        assertThat(lb.routing.tags("blue").isProduction()).isFalse();
    }

    @Test
    void a_flip_that_cannot_finish_says_so_and_the_next_one_finishes_it_never_reverses_it() {
        lb.failingSteps.addAll(Set.of(2, 3));

        assertThatThrownBy(() -> flipper.flip(Flipper.Request.by("alice"))).isInstanceOf(FlipNotFinished.class)
                .hasMessage("flip did not finish: connection reset (injected); run it again: it finishes what is "
                        + "missing");
        assertThat(lb.routing.forwardsTo("prod")).as("production already moved").contains("green");

        flipper.flip(Flipper.Request.by("alice"));
        assertThat(lb.routing.forwardsTo("prod")).as("finished, not reversed").contains("green");
        assertThat(lb.routing.forwardsTo("test")).contains("blue");
        assertThat(lb.routing.tags("blue").isProduction()).isFalse();
    }

    @Test
    void a_rollback_failing_part_way_is_finished_as_a_rollback() {
        flipper.flip(Flipper.Request.by("alice"));
        lb.steps = 0;
        lb.failingSteps.add(2);

        Outcome back = flipper.rollback(Flipper.Request.by("bob"));

        assertThat(back.message()).isEqualTo("rollback: production now on blue (v1), test on green (v2)");
        assertThat(lb.routing.forwardsTo("prod")).contains("blue");
        assertThat(lb.routing.forwardsTo("test")).contains("green");
        assertThat(lb.events).extracting(Event::type).containsExactly(EventType.FLIP, EventType.ROLLBACK,
                EventType.ROLLBACK);
    }

    @Test
    void success_is_reported_only_for_what_the_load_balancer_reads_back() {
        lb.ignoresWrites = true;

        assertThatThrownBy(() -> flipper.flip(Flipper.Request.by("alice"))).isInstanceOf(FlipNotFinished.class)
                .hasMessageStartingWith("flip did not reach the planned state (production on blue, test on green");
    }

    @Test
    void rollback_undoes_the_last_flip_and_the_preview_says_when_it_can() {
        assertThat(flipper.rollbackPreview()).isEqualTo(Outcome.refused("there is no earlier flip to roll back"));
        flipper.flip(Flipper.Request.by("alice"));
        assertThat(flipper.rollbackPreview()).isEqualTo(Outcome.done("blue (v1)"));

        Outcome back = flipper.rollback(Flipper.Request.by("bob"));

        assertThat(back.done()).isTrue();
        assertThat(lb.routing.forwardsTo("prod")).contains("blue");
        assertThat(flipper.rollbackPreview().done()).as("a rollback is itself rolled back by flipping").isTrue();
    }

    @Test
    void promotion_moves_exactly_the_build_asked_for() {
        Outcome notThere = flipper.promote("v9", Flipper.Request.by("pipeline"));
        assertThat(notThere.done()).isFalse();
        assertThat(notThere.message()).isEqualTo("build v9 is no longer on the test side (green runs v2); nothing "
                + "flipped");

        assertThat(flipper.promote("v2", Flipper.Request.by("pipeline")).done()).isTrue();
        assertThat(lb.routing.forwardsTo("prod")).contains("green");

        Outcome already = flipper.promote("v2", Flipper.Request.by("pipeline"));
        assertThat(already.done()).isTrue();
        assertThat(already.message()).isEqualTo("flip: nothing to do, production is already on green (v2)");
        assertThat(lb.routing.forwardsTo("prod")).as("not flipped back").contains("green");
    }
}
