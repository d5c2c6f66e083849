package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for a request's headers on one listener. Jetty's idle timeout only bounds the pause between two
 * reads, so a client sending its headers a byte every few seconds would hold a connection for ever: this looks at
 * the listener's connections a few times per deadline, and asks each whether, and since when, a request's headers
 * are arriving ({@link ClientConnection#enforceHeadDeadline}). A connection whose
 * headers began longer ago than the deadline gets a 408 and is closed; one opened that long ago that has not begun
 * its first request is closed. A connection idle between two requests is left to the idle timeout.
 */
final class HeaderDeadline extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    private final AbstractConnector connector;
    private final long deadlineNanos;
    private final long periodMillis;
    private final Runnable onExpired;
    /** The 408, the load balancer's own answer as any other: a view of it per connection that gets it. */
    private final ByteBuffer timeoutAnswer;
    private volatile Scheduler.Task next;

    HeaderDeadline(AbstractConnector connector, Duration deadline, Runnable onExpired) {
        this.connector = connector;
        this.deadlineNanos = deadline.toNanos();
        // closed at most a tenth (and never more than a second) late
        this.periodMillis = Math.max(10, Math.min(1_000, deadline.toMillis() / 10));
        this.onExpired = onExpired;
        this.timeoutAnswer = Problems.answer(408, "request_timeout",
                "the request's headers did not arrive within " + deadline.toMillis() + " ms", true);
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        next = connector.getScheduler().schedule(this::look, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void look() {
        try {
            long now = System.nanoTime();
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (endPoint.getConnection() instanceof ClientConnection client) {
                    client.enforceHeadDeadline(now, deadlineNanos, timeoutAnswer.duplicate(), onExpired);
                }
            }
        } catch (RuntimeException e) {
            // one failed look must not end the looks: the deadline would silently stop applying
            LOG.warn("request header deadline check failed: {}", e.toString());
        } finally {
            if (isRunning()) {
                schedule();
            }
        }
    }
}
