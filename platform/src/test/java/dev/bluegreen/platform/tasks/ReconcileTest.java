package dev.bluegreen.platform.tasks;

import static dev.bluegreen.platform.tasks.TaskState.EXITED;
import static dev.bluegreen.platform.tasks.TaskState.RUNNING;
import static dev.bluegreen.platform.tasks.TaskState.STARTING;
import static dev.bluegreen.platform.tasks.TaskState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.platform.tasks.Reconcile.Action;
import dev.bluegreen.platform.tasks.Reconcile.Desired;
import dev.bluegreen.platform.tasks.Reconcile.Reap;
import dev.bluegreen.platform.tasks.Reconcile.Start;
import dev.bluegreen.platform.tasks.Reconcile.Stop;
import dev.bluegreen.platform.tasks.Reconcile.StopReason;
import dev.bluegreen.platform.tasks.Reconcile.TaskView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static Desired desired(int count) {
        return new Desired(count, START_TIMEOUT, Instant.MIN);
    }

    private static TaskView task(long seq, TaskState state) {
        return new TaskView("web-" + seq, seq, state, T0, state == EXITED ? 3 : null);
    }

    @Test
    void starts_every_missing_task_at_once() {
        assertThat(Reconcile.plan(desired(3), List.of(task(1, RUNNING)), T0)).containsExactly(new Start(2));
    }

    @Test
    void does_nothing_at_the_desired_count() {
        assertThat(Reconcile.plan(desired(2), List.of(task(1, RUNNING), task(2, STARTING)), T0)).isEmpty();
    }

    @Test
    void stops_surplus_tasks_newest_first() {
        List<Action> actions = Reconcile.plan(desired(1),
                List.of(task(2, RUNNING), task(4, RUNNING), task(1, RUNNING), task(3, STARTING)), T0);
        assertThat(actions).containsExactly(new Stop("web-4", StopReason.SURPLUS),
                new Stop("web-3", StopReason.SURPLUS), new Stop("web-2", StopReason.SURPLUS));
    }

    @Test
    void scale_to_zero_stops_everything() {
        assertThat(Reconcile.plan(desired(0), List.of(task(1, RUNNING), task(2, STARTING)), T0))
                .containsExactlyInAnyOrder(new Stop("web-1", StopReason.SURPLUS), new Stop("web-2", StopReason.SURPLUS));
    }

    @Test
    void stopping_tasks_do_not_count_so_their_replacements_start() {
        assertThat(Reconcile.plan(desired(2), List.of(task(1, STOPPING), task(2, RUNNING)), T0))
                .containsExactly(new Start(1));
    }

    @Test
    void reaps_an_exited_task_and_waits_for_the_backoff_before_replacing_it() {
        assertThat(Reconcile.plan(desired(1), List.of(task(1, EXITED)), T0)).containsExactly(new Reap("web-1", 3));
    }

    @Test
    void does_not_start_before_the_backoff_allows() {
        Desired backingOff = new Desired(1, START_TIMEOUT, T0.plusSeconds(2));
        assertThat(Reconcile.plan(backingOff, List.of(), T0.plusSeconds(1))).isEmpty();
        assertThat(Reconcile.plan(backingOff, List.of(), T0.plusSeconds(2))).containsExactly(new Start(1));
    }

    @Test
    void stops_a_task_that_is_not_healthy_when_its_start_timeout_is_over() {
        List<TaskView> tasks = List.of(task(1, STARTING));
        assertThat(Reconcile.plan(desired(1), tasks, T0.plus(START_TIMEOUT).minusMillis(1))).isEmpty();
        assertThat(Reconcile.plan(desired(1), tasks, T0.plus(START_TIMEOUT)))
                .containsExactly(new Stop("web-1", StopReason.NEVER_HEALTHY));
    }

    @Test
    void a_running_task_has_no_start_timeout() {
        assertThat(Reconcile.plan(desired(1), List.of(task(1, RUNNING)), T0.plus(START_TIMEOUT).plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void a_task_stopped_for_health_is_not_also_counted_as_surplus() {
        List<Action> actions = Reconcile.plan(desired(1), List.of(task(1, RUNNING), task(2, STARTING)),
                T0.plus(START_TIMEOUT));
        assertThat(actions).containsExactly(new Stop("web-2", StopReason.NEVER_HEALTHY));
    }

    @Test
    void exited_and_stopping_tasks_are_never_stopped_again() {
        assertThat(Reconcile.plan(desired(0), List.of(task(1, STOPPING), task(2, EXITED)), T0))
                .containsExactly(new Reap("web-2", 3));
    }

    @Test
    void a_round_with_a_failure_starts_nothing_so_the_backoff_applies_first() {
        assertThat(Reconcile.plan(desired(3), List.of(task(1, EXITED), task(2, RUNNING)), T0))
                .containsExactly(new Reap("web-1", 3));
    }
}
