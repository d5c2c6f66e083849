package dev.bluegreen.platform.tasks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops tasks, each on a thread of its own because draining and the SIGTERM grace period take seconds: the platform
 * deregisters and drains the task first (a bounded wait), then SIGTERM, SIGKILL after its stop timeout (see
 * {@link Termination}), and the supervisor forgets it.
 */
final class TaskStopper {

    private static final Logger LOG = LoggerFactory.getLogger(TaskStopper.class);

    private final ServiceTable table;
    private final TaskEvents events;
    private final Path runDir;
    private final Duration drainTimeout;
    private final Executor threads;
    private final Runnable afterStop;

    /** {@code afterStop} runs once a task is gone, for the replacement to start without waiting for a round. */
    TaskStopper(ServiceTable table, TaskEvents events, Path runDir, Duration drainTimeout, Executor threads,
            Runnable afterStop) {
        this.table = table;
        this.events = events;
        this.runDir = runDir;
        this.drainTimeout = drainTimeout;
        this.threads = threads;
        this.afterStop = afterStop;
    }

    /** Starts stopping a live task; one already stopping or ended is left as it is. */
    void begin(SupervisedService record, Task task) {
        if (task.transition(TaskState.STARTING, TaskState.STOPPING)
                || task.transition(TaskState.RUNNING, TaskState.STOPPING)) {
            threads.execute(() -> stop(record, task));
        }
    }

    private void stop(SupervisedService record, Task task) {
        awaitDrained(task);
        int code = Termination.stop(task.process(), task.definition().stopTimeout());
        PidFile.delete(runDir, task.id());
        task.ended(TaskState.STOPPED, code);
        table.removeTask(record, task);
        Callbacks.safely(() -> events.taskExited(task, code, true));
        afterStop.run();
    }

    private void awaitDrained(Task task) {
        try {
            events.taskStopping(task).toCompletableFuture().get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{}: not drained after {}, stopping anyway", task.id(), drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: taskStopping failed, stopping anyway", task.id(), e);
        }
    }
}
