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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Promotion at full size: the side production moves to is scaled to production's count first, and healthy. */
class FullSizeFlipTest {

    /** Services in memory: each group's desired count, and how many of its tasks could turn healthy at most. */
    final class MemoryCapacity implements Capacity {
        final Map<String, Integer> desired = new HashMap<>(Map.of("blue", 2, "green", 1));
        final Map<String, Integer> canRun = new HashMap<>(Map.of("blue", 20, "green", 20));
        final List<String> calls = new ArrayList<>();
        Runnable duringWait = () -> { };

        @Override
        public int desiredTasks(String group) {
            return desired.get(group);
        }

        @Override
        public Scaled scaleUp(String group, int count, String actor) {
            int before = desired.get(group);
            desired.put(group, Math.max(before, count));
            calls.add("scale " + group + " " + before + "->" + desired.get(group) + " by " + actor
                    + (lb.routing.forwardsTo("prod").orElseThrow().equals(group) ? " (live!)" : ""));
            duringWait.run();
            return new Scaled(count, Math.min(count, canRun.get(group)), before);
        }

        @Override
        public void restore(String group, int count, String actor) {
            calls.add("restore " + group + " " + desired.get(group) + "->" + count);
            desired.put(group, count);
        }
    }

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    final FlipperTest.MemorySwitch lb = new FlipperTest.MemorySwitch(seed("v1", "v2"));
    final MemoryCapacity capacity = new MemoryCapacity();
    final Flipper flipper = new Flipper(lb, PAIR, Clock.fixed(NOW, ZoneOffset.UTC), capacity);

    @Test
    void the_side_is_scaled_to_what_production_runs_before_traffic_moves_to_it() {
        Outcome flip = flipper.flip(Flipper.Request.by("alice"));

        assertThat(flip.done()).as(flip.message()).isTrue();
        assertThat(capacity.calls).containsExactly("scale green 1->2 by alice");
        assertThat(capacity.desired).containsEntry("green", 2).as("the demoted side is left as it is, so that "
                + "flipping back is immediate").containsEntry("blue", 2);
        assertThat(lb.routing.forwardsTo("prod")).contains("green");

        Outcome back = flipper.rollback(Flipper.Request.by("bob"));
        assertThat(back.done()).isTrue();
        assertThat(capacity.calls).as("blue already runs what production runs")
                .containsExactly("scale green 1->2 by alice", "scale blue 2->2 by bob");
    }

    @Test
    void a_side_that_cannot_reach_the_count_healthy_is_refused_and_scaled_back() {
        capacity.canRun.put("green", 1);

        Outcome flip = flipper.flip(Flipper.Request.by("alice"));

        assertThat(flip.done()).isFalse();
        assertThat(flip.message()).isEqualTo("target group 'green' had 1 of the 2 healthy tasks production runs within "
                + "the wait; production stays on 'blue' (see 'bluegreen status' and the tasks' logs)");
        assertThat(capacity.calls).containsExactly("scale green 1->2 by alice", "restore green 2->1");
        assertThat(lb.routing).isEqualTo(seed("v1", "v2"));
        assertThat(lb.events).singleElement().extracting(Event::type).isEqualTo(EventType.FLIP_REFUSED);
    }

    @Test
    void a_side_never_goes_down_to_be_promoted() {
        capacity.desired.put("green", 3);

        assertThat(flipper.flip(Flipper.Request.by("alice")).done()).isTrue();

        assertThat(capacity.calls).containsExactly("scale green 3->3 by alice");
    }

    @Test
    void nothing_is_scaled_when_production_does_not_move() {
        lb.healthy.remove("green");
        assertThat(flipper.flip(Flipper.Request.by("alice")).done()).as("refused before any scaling").isFalse();
        lb.healthy.add("green");
        assertThat(flipper.promote("v1", Flipper.Request.by("pipeline")).message())
                .isEqualTo("flip: nothing to do, production is already on blue (v1)");
        // an interrupted flip moved production already: finishing it moves nothing more
        lb.routing = lb.routing.withListener("prod", "green");
        assertThat(flipper.flip(Flipper.Request.by("alice")).done()).isTrue();

        assertThat(capacity.calls).isEmpty();
    }

    @Test
    void a_deploy_that_began_during_the_wait_is_not_promoted_half_done() {
        capacity.duringWait = () -> lb.deploying = "b8-0123456";

        Outcome flip = flipper.flip(Flipper.Request.by("alice"));

        assertThat(flip.done()).isFalse();
        assertThat(flip.message()).startsWith("build b8-0123456 is being deployed to the test side");
        assertThat(capacity.calls).containsExactly("scale green 1->2 by alice", "restore green 2->1");
        assertThat(lb.routing.forwardsTo("prod")).contains("blue");
    }

    @Test
    void what_a_promotion_needs_first_is_its_side_at_productions_count_read_without_scaling_anything() {
        assertThat(flipper.fullSizeToPromote("v2", Flipper.Request.by("pipeline")))
                .contains(new Flipper.FullSize("green", 2));
        capacity.desired.put("blue", 4);
        assertThat(flipper.fullSizeToPromote("v2", Flipper.Request.by("pipeline"))).as("what production runs now")
                .contains(new Flipper.FullSize("green", 4));
        assertThat(capacity.calls).isEmpty();

        assertThat(flipper.fullSizeToPromote("v1", Flipper.Request.by("pipeline"))).as("already in production")
                .isEmpty();
        assertThat(flipper.fullSizeToPromote("v3", Flipper.Request.by("pipeline"))).as("refused: not on test")
                .isEmpty();
        assertThat(new Flipper(lb, PAIR, Clock.fixed(NOW, ZoneOffset.UTC)).fullSizeToPromote("v2",
                Flipper.Request.by("pipeline"))).as("sides promoted as they are").isEmpty();
    }

    @Test
    void the_counts_production_and_idle_and_what_they_decide() {
        TaskCounts counts = TaskCounts.defaults();
        assertThat(counts).isEqualTo(new TaskCounts(2, 1));
        assertThat(TaskCounts.toPromote(2, 1)).isEqualTo(2);
        assertThat(TaskCounts.toPromote(4, 1)).as("what production runs now, not the setting").isEqualTo(4);
        assertThat(TaskCounts.toPromote(0, 0)).as("never nothing").isEqualTo(1);
        assertThat(counts.afterBake(4)).isEqualTo(1);
        assertThat(counts.afterBake(0)).as("never up").isZero();
        assertThat(TaskCounts.forDeploy(2)).as("production's count").isEqualTo(2);
        assertThat(TaskCounts.forDeploy(0)).as("never nothing").isEqualTo(1);
        assertThat(TaskCounts.same(3)).isEqualTo(new TaskCounts(3, 3));
        assertThatThrownBy(() -> new TaskCounts(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 1 to 20");
    }
}
