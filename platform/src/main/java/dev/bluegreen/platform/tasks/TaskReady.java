package dev.bluegreen.platform.tasks;

import java.util.function.Consumer;

/**
 * What follows when a new task's health path first answers 200: unless it was stopped meanwhile, it turns RUNNING,
 * its service's backoff starts over, and the platform is told (which registers it in its target group). Done on
 * the loop's thread, between rounds, so that no round sees half of it.
 */
final class TaskReady implements Consumer<Task> {

    private final ServiceTable table;
    private final TaskEvents events;
    private final ReconcileLoop loop;

    TaskReady(ServiceTable table, TaskEvents events, ReconcileLoop loop) {
        this.table = table;
        this.events = events;
        this.loop = loop;
    }

    @Override
    public void accept(Task task) {
        loop.submit(() -> {
            if (task.transition(TaskState.STARTING, TaskState.RUNNING)) {
                table.resetFailures(task.service());
                Callbacks.safely(() -> events.taskHealthy(task));
            }
        });
    }
}
