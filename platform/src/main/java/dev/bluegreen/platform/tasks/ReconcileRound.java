package dev.bluegreen.platform.tasks;

import java.time.Clock;
import java.time.Instant;

/**
 * One round of the loop: notice the tasks that exited, then apply the plan of {@link Reconcile} to every service;
 * listener calls are made last, once the lock is released. Tasks turn ready apart from rounds ({@link TaskReady}).
 */
final class ReconcileRound implements Runnable {

    private final ServiceTable table;
    private final PlanApplier applier;
    private final Clock clock;

    ReconcileRound(ServiceTable table, PlanApplier applier, Clock clock) {
        this.table = table;
        this.applier = applier;
        this.clock = clock;
    }

    @Override
    public void run() {
        boolean open = table.withServicesIfOpen(services -> services.forEach(record ->
                record.tasks.values().forEach(ReconcileRound::noticeExit)));
        if (!open) {
            return;
        }
        Callbacks later = new Callbacks();
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
}
