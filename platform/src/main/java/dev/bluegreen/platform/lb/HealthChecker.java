package dev.bluegreen.platform.lb;

import java.net.URI;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Checks one target periodically. The next check is scheduled when the previous one ends, so a slow target never
 * has two checks outstanding; each check is bounded by the timeout. A new target (INITIAL: neither healthy nor
 * unhealthy yet) is checked every {@link HealthCheck#NEW_TARGET_INTERVAL}.
 */
final class HealthChecker {

    private final Member member;
    private final HealthCheck check;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Runnable onChange;
    private final URI uri;
    private volatile boolean stopped;

    HealthChecker(Member member, HealthCheck check, HttpClient client, ScheduledExecutorService scheduler,
                  Runnable onChange) {
        this.member = member;
        this.check = check;
        this.client = client;
        this.scheduler = scheduler;
        this.onChange = onChange;
        this.uri = member.target().uri().resolve(check.path());
    }

    void start() {
        schedule(0);
    }

    void stop() {
        stopped = true;
    }

    private void schedule(long delayMillis) {
        if (stopped) {
            return;
        }
        try {
            scheduler.schedule(this::probe, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the load balancer is closing
            stopped = true;
        }
    }

    private void probe() {
        if (stopped) {
            return;
        }
        try {
            client.newRequest(uri)
                    .method(HttpMethod.GET)
                    .timeout(check.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .send(result -> done(result.isSucceeded() && result.getResponse().getStatus() / 100 == 2));
        } catch (RuntimeException e) {
            done(false);
        }
    }

    private void done(boolean passed) {
        if (stopped) {
            return;
        }
        if (member.record(passed)) {
            onChange.run();
        }
        schedule(member.state() == TargetState.INITIAL
                ? Math.min(HealthCheck.NEW_TARGET_INTERVAL.toMillis(), check.interval().toMillis())
                : check.interval().toMillis());
    }
}
