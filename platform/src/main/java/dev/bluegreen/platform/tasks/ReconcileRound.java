package dev.bluegreen.platform.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One round of the loop: notice the tasks that exited, probe those still starting, then apply the plan of
 * {@link Reconcile} to every service. Probes run outside the lock, since each may wait for its timeout; listener
 * calls are made last, once the lock is released.
 */
final class ReconcileRound implements Runnable {

    private final ServiceTable table;
    private final ReadinessProbe readiness;
    private final PlanApplier applier;
    private final TaskEvents events;
    private final Clock clock;

    ReconcileRound(ServiceTable table, ReadinessProbe readiness, PlanApplier applier, TaskEvents events,
            Clock clock) {
        this.table = table;
        this.readiness = readiness;
        this.applier = applier;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void run() {
        List<Task> starting = new ArrayList<>();
        boolean open = table.withServicesIfOpen(services -> services.forEach(record ->
                record.tasks.values().forEach(task -> {
                    noticeExit(task);
                    if (task.state() == TaskState.STARTING) {
                        starting.add(task);
                    }
                })));
        if (!open) {
            return;
        }
        Callbacks later = new Callbacks();
        starting.forEach(task -> probe(task, later));
        table.withServices(services -> {
            Instant now = clock.instant();
            for (SupervisedService record : services) {
                applier.apply(record, Reconcile.plan(record.desiredView(), record.taskViews(), now), now, later);
                table.forgetIfGone(record, later);
            }
        });
        later.run();
    }

    private static void noticeExit(Task task) {
        Process process = task.process();
        if (process != null && !process.isAlive() && task.state().isLive()) {
            // a stop racing with us already moved it to STOPPING, and then it is an expected exit
            TaskState was = task.state();
            if (task.transition(was, TaskState.EXITED)) {
                task.ended(TaskState.EXITED, process.exitValue());
            }
        }
    }

    private void probe(Task task, Callbacks later) {
        if (readiness.ready(task.port(), task.definition().healthPath())
                && task.transition(TaskState.STARTING, TaskState.RUNNING)) {
            // healthy again: the backoff starts over from its base
            table.resetFailures(task.service());
            later.add(() -> events.taskHealthy(task));
        }
    }
}
