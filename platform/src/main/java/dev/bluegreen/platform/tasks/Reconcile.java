package dev.bluegreen.platform.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The pure rules that bring a service's tasks to its desired count: no I/O, no clock of its own. */
public final class Reconcile {

    private Reconcile() {
    }

    /** What the supervisor knows of a service when it decides. */
    public record Desired(int count, Duration startTimeout, Instant startNotBefore) {
    }

    /** One task as the rules see it; {@code seq} orders tasks by age (higher is newer). */
    public record TaskView(String id, long seq, TaskState state, Instant startedAt, Integer exitCode) {
    }

    public enum StopReason { SURPLUS, NEVER_HEALTHY }

    public sealed interface Action {
    }

    /** The task ended on its own: forget it, count a failure. */
    public record Reap(String taskId, int exitCode) implements Action {
    }

    public record Stop(String taskId, StopReason reason) implements Action {
    }

    public record Start(int count) implements Action {
    }

    /**
     * Exited tasks are reaped; a task still STARTING when its start timeout is over is stopped; live tasks beyond
     * the desired count are stopped newest first (the oldest have proved themselves); missing tasks are started, but
     * not before the backoff allows it and not in a round that saw a failure (that failure moves the backoff first).
     * STOPPING tasks do not count: their replacements may start while they drain.
     */
    public static List<Action> plan(Desired desired, List<TaskView> tasks, Instant now) {
        List<Action> actions = new ArrayList<>();
        List<TaskView> live = new ArrayList<>();
        boolean failure = false;
        for (TaskView task : tasks) {
            if (task.state() == TaskState.EXITED) {
                actions.add(new Reap(task.id(), task.exitCode() == null ? -1 : task.exitCode()));
                failure = true;
            } else if (task.state() == TaskState.STARTING
                    && !now.isBefore(task.startedAt().plus(desired.startTimeout()))) {
                actions.add(new Stop(task.id(), StopReason.NEVER_HEALTHY));
                failure = true;
            } else if (task.state().isLive()) {
                live.add(task);
            }
        }
        int surplus = live.size() - desired.count();
        if (surplus > 0) {
            live.stream().sorted(Comparator.comparingLong(TaskView::seq).reversed()).limit(surplus)
                    .forEach(task -> actions.add(new Stop(task.id(), StopReason.SURPLUS)));
        } else if (surplus < 0 && !failure && !now.isBefore(desired.startNotBefore())) {
            actions.add(new Start(-surplus));
        }
        return actions;
    }
}
