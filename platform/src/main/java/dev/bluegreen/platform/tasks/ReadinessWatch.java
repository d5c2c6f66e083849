package dev.bluegreen.platform.tasks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches each new task from its launch until its health path answers 200, then hands it on: a task is seen ready
 * within {@code whileNotListening} of its server's start, not at some later round. One probe at a time per task,
 * the next one {@code whileNotListening} after the last (a refused connection costs next to nothing), or
 * {@code whileNotReady} after an answer other than 200 (each of those is a line in the task's log). The watch ends
 * when the task is ready or no longer STARTING (stopped, exited, past its start timeout).
 */
final class ReadinessWatch implements AutoCloseable {

    private final ReadinessProbe probe;
    private final Duration whileNotListening;
    private final Duration whileNotReady;
    private final Consumer<Task> onReady;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("supervisor-readiness"));

    /** {@code onReady} is called once per task that answered 200, on a thread of the probe's. */
    ReadinessWatch(ReadinessProbe probe, Duration whileNotListening, Duration whileNotReady, Consumer<Task> onReady) {
        this.probe = probe;
        this.whileNotListening = whileNotListening;
        this.whileNotReady = whileNotReady;
        this.onReady = onReady;
    }

    void watch(Task task) {
        schedule(task, Duration.ZERO);
    }

    private void schedule(Task task, Duration delay) {
        try {
            timer.schedule(() -> probe(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the supervisor is closing: nothing becomes ready any more
        }
    }

    private void probe(Task task) {
        if (task.state() != TaskState.STARTING) {
            return;
        }
        probe.probe(task.port(), task.definition().healthPath()).thenAccept(result -> {
            switch (result) {
                case READY -> onReady.accept(task);
                case NOT_READY -> schedule(task, whileNotReady);
                case NOT_LISTENING -> schedule(task, whileNotListening);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
