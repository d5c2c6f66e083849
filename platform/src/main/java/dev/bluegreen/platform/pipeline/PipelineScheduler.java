package dev.bluegreen.platform.pipeline;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's threads. One worker runs every execution's stages, one job after the other: two executions never
 * deploy to the test side at the same time. Timers (the review timeouts) run apart, so that a long build does not
 * hold them up.
 */
final class PipelineScheduler implements AutoCloseable {

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(daemon("pipeline"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            daemon("pipeline-timers"));

    /** On the worker, after the jobs before it. */
    void run(Runnable job) {
        worker.submit(job);
    }

    /** On the timer thread once {@code delay} has passed; at once if it already has. */
    void after(Duration delay, Runnable job) {
        timers.schedule(job, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Interrupts what runs (a build, a deploy, a bake) and waits a while for it to stop. */
    @Override
    public void close() {
        timers.shutdownNow();
        worker.shutdownNow();
        try {
            worker.awaitTermination(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
