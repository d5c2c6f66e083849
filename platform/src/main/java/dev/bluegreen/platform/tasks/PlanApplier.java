package dev.bluegreen.platform.tasks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Carries out what {@link Reconcile} decided for one service: reaps, stops and launches tasks, and after failures
 * pushes the service's next start back by its {@link Backoff}. Runs under the table's lock; listener calls are
 * left to the caller's {@link Callbacks}, and every launched task is handed to {@code launched} (which must not
 * block: the supervisor starts watching it there).
 */
final class PlanApplier {

    private final TaskLauncher launcher;
    private final TaskStopper stopper;
    private final TaskEvents events;
    private final Backoff backoff;
    private final Path runDir;
    private final Executor reports;
    private final Consumer<Task> launched;

    /** {@code reports} runs the report of a failed launch at once, not after the round like other events. */
    PlanApplier(TaskLauncher launcher, TaskStopper stopper, TaskEvents events, Backoff backoff, Path runDir,
            Executor reports, Consumer<Task> launched) {
        this.launcher = launcher;
        this.stopper = stopper;
        this.events = events;
        this.backoff = backoff;
        this.runDir = runDir;
        this.reports = reports;
        this.launched = launched;
    }

    void apply(SupervisedService record, List<Reconcile.Action> actions, Instant now, Callbacks later) {
        int failures = 0;
        for (Reconcile.Action action : actions) {
            if (action instanceof Reconcile.Reap reap) {
                failures += reap(record, reap, later);
            } else if (action instanceof Reconcile.Stop stop) {
                failures += stop(record, stop, later);
            } else if (action instanceof Reconcile.Start start) {
                start(record, start.count(), now);
            }
        }
        if (failures > 0) {
            backOff(record, failures, now, later);
        }
    }

    /** A task that ended on its own is a failure, whether it crashed or could not be launched. */
    private int reap(SupervisedService record, Reconcile.Reap reap, Callbacks later) {
        Task task = record.tasks.remove(reap.taskId());
        PidFile.delete(runDir, task.id());
        if (task.process() != null) {
            later.add(() -> events.taskExited(task, reap.exitCode(), false));
        }
        return 1;
    }

    /** Only a task that never turned healthy is a failure: a surplus one was merely not needed. */
    private int stop(SupervisedService record, Reconcile.Stop stop, Callbacks later) {
        Task task = record.tasks.get(stop.taskId());
        int failures = 0;
        if (stop.reason() == Reconcile.StopReason.NEVER_HEALTHY) {
            failures = 1;
            String reason = "no 200 from " + task.definition().healthPath() + " within "
                    + task.definition().startTimeout();
            later.add(() -> events.taskFailedToStart(task, reason));
        }
        stopper.begin(record, task);
        return failures;
    }

    private void start(SupervisedService record, int count, Instant now) {
        for (int i = 0; i < count; i++) {
            TaskLauncher.Launch launch = launcher.launch(record.name, ++record.lastSeq, record.definition, now);
            Task task = launch.task();
            // reported at once: the reap of the next round counts the failure
            launch.failure().ifPresent(reason ->
                    reports.execute(() -> Callbacks.safely(() -> events.taskFailedToStart(task, reason))));
            record.tasks.put(task.id(), task);
            if (task.process() == null) {
                break; // the next round reaps it and backs off
            }
            launched.accept(task);
        }
    }

    private void backOff(SupervisedService record, int failures, Instant now, Callbacks later) {
        record.consecutiveFailures += failures;
        Duration delay = backoff.after(record.consecutiveFailures);
        record.startNotBefore = now.plus(delay);
        if (record.desired > 0) {
            later.add(() -> events.restartScheduled(record.name, delay));
        }
    }
}
