package dev.bluegreen.platform.tasks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reconciles: a round every interval, and one more at once when nudged after a change, so
 * that a new desired count or an ended stop does not wait for the interval.
 */
final class ReconcileLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("supervisor-loop"));
    private final Duration interval;
    /** Set by start(), before any round or nudge: a round needs the stopper, which needs the loop to nudge. */
    private volatile Runnable round;

    ReconcileLoop(Duration interval) {
        this.interval = interval;
    }

    void start(Runnable round) {
        this.round = round;
        thread.scheduleWithFixedDelay(this::roundSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void nudge() {
        try {
            thread.execute(this::roundSafely);
        } catch (RejectedExecutionException closing) {
            // closed meanwhile: nothing left to reconcile
        }
    }

    /** Runs {@code work} on the loop's thread, between rounds; ignored once closed. */
    void submit(Runnable work) {
        try {
            thread.execute(() -> safely(work));
        } catch (RejectedExecutionException closing) {
            // closed meanwhile: nothing left to do
        }
    }

    /** Lets a round under way finish (bounded); none starts after. */
    void close() {
        thread.shutdown();
        DaemonThreads.awaitQuietly(thread, Duration.ofSeconds(10));
    }

    private void roundSafely() {
        safely(round);
    }

    private static void safely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            LOG.error("reconcile failed; retrying at the next round", e);
        }
    }
}
