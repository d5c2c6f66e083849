package dev.bluegreen.platform.tasks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the supervisor tells the platform (load balancer registration, persistent events). Calls come from the
 * supervisor's threads, never while it holds its lock; an exception thrown here is logged and ignored.
 */
public interface TaskEvents {

    /** The task answered 200 on its health path: it may receive traffic. */
    default void taskHealthy(Task task) {
    }

    /**
     * The task is about to be signalled. The supervisor waits (bounded) for the returned stage, so that the task can
     * be deregistered and drained before it gets SIGTERM.
     */
    default CompletionStage<Void> taskStopping(Task task) {
        return CompletableFuture.completedFuture(null);
    }

    /** The process ended: {@code expected} when we stopped it, not when it exited or crashed on its own. */
    default void taskExited(Task task, int exitCode, boolean expected) {
    }

    /** The task could not be launched, or never turned healthy within its start timeout (it is then stopped). */
    default void taskFailedToStart(Task task, String reason) {
    }

    /** After a failure, the service's next task starts no sooner than {@code delay} from now. */
    default void restartScheduled(String service, Duration delay) {
    }
}
