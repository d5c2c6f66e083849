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
    void startsEveryMissingTaskAtOnce() {
        assertThat(Reconcile.plan(desired(3), List.of(task(1, RUNNING)), T0)).containsExactly(new Start(2));
    }

    @Test
    void doesNothingAtTheDesiredCount() {
        assertThat(Reconcile.plan(desired(2), List.of(task(1, RUNNING), task(2, STARTING)), T0)).isEmpty();
    }

    @Test
    void stopsSurplusTasksNewestFirst() {
        List<Action> actions = Reconcile.plan(desired(1),
                List.of(task(2, RUNNING), task(4, RUNNING), task(1, RUNNING), task(3, STARTING)), T0);
        assertThat(actions).containsExactly(new Stop("web-4", StopReason.SURPLUS),
                new Stop("web-3", StopReason.SURPLUS), new Stop("web-2", StopReason.SURPLUS));
    }

    @Test
    void scaleToZeroStopsEverything() {
        assertThat(Reconcile.plan(desired(0), List.of(task(1, RUNNING), task(2, STARTING)), T0))
                .containsExactlyInAnyOrder(new Stop("web-1", StopReason.SURPLUS), new Stop("web-2", StopReason.SURPLUS));
    }

    @Test
    void stoppingTasksDoNotCountSoTheirReplacementsStart() {
        assertThat(Reconcile.plan(desired(2), List.of(task(1, STOPPING), task(2, RUNNING)), T0))
                .containsExactly(new Start(1));
    }

    @Test
    void reapsAnExitedTaskAndWaitsForTheBackoffBeforeReplacingIt() {
        assertThat(Reconcile.plan(desired(1), List.of(task(1, EXITED)), T0)).containsExactly(new Reap("web-1", 3));
    }

    @Test
    void doesNotStartBeforeTheBackoffAllows() {
        Desired backingOff = new Desired(1, START_TIMEOUT, T0.plusSeconds(2));
        assertThat(Reconcile.plan(backingOff, List.of(), T0.plusSeconds(1))).isEmpty();
        assertThat(Reconcile.plan(backingOff, List.of(), T0.plusSeconds(2))).containsExactly(new Start(1));
    }

    @Test
    void stopsATaskThatIsNotHealthyWhenItsStartTimeoutIsOver() {
        List<TaskView> tasks = List.of(task(1, STARTING));
        assertThat(Reconcile.plan(desired(1), tasks, T0.plus(START_TIMEOUT).minusMillis(1))).isEmpty();
        assertThat(Reconcile.plan(desired(1), tasks, T0.plus(START_TIMEOUT)))
                .containsExactly(new Stop("web-1", StopReason.NEVER_HEALTHY));
    }

    @Test
    void aRunningTaskHasNoStartTimeout() {
        assertThat(Reconcile.plan(desired(1), List.of(task(1, RUNNING)), T0.plus(START_TIMEOUT).plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void aTaskStoppedForHealthIsNotAlsoCountedAsSurplus() {
        List<Action> actions = Reconcile.plan(desired(1), List.of(task(1, RUNNING), task(2, STARTING)),
                T0.plus(START_TIMEOUT));
        assertThat(actions).containsExactly(new Stop("web-2", StopReason.NEVER_HEALTHY));
    }

    @Test
    void exitedAndStoppingTasksAreNeverStoppedAgain() {
        assertThat(Reconcile.plan(desired(0), List.of(task(1, STOPPING), task(2, EXITED)), T0))
                .containsExactly(new Reap("web-2", 3));
    }

    @Test
    void aRoundWithAFailureStartsNothingSoTheBackoffAppliesFirst() {
        assertThat(Reconcile.plan(desired(3), List.of(task(1, EXITED), task(2, RUNNING)), T0))
                .containsExactly(new Reap("web-1", 3));
    }
}
