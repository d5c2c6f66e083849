package dev.bluegreen.platform.lb;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A registered target with its health counters and its requests in flight. */
final class Member {

    private final Target target;
    private final InetSocketAddress address;
    private final HealthCheck check;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;
    private TargetState state = TargetState.INITIAL;
    private int passes;
    private int failures;

    Member(Target target, HealthCheck check) {
        this.target = target;
        this.address = new InetSocketAddress(target.uri().getHost(), target.uri().getPort());
        this.check = check;
    }

    Target target() {
        return target;
    }

    /** Where the load balancer connects to reach it (resolved once, at registration). */
    InetSocketAddress address() {
        return address;
    }

    /**
     * Counts a request in; refused once draining. Incrementing before reading the flag (and {@link #drain} setting
     * the flag before reading the count) means either the request is refused or the drain waits for it.
     */
    boolean acquire() {
        inFlight.incrementAndGet();
        if (draining) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            drained.complete(null);
        }
    }

    CompletableFuture<Void> drain() {
        synchronized (this) {
            state = TargetState.DRAINING;
        }
        draining = true;
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /** Records one health check; true when the state changed (the group then rebuilds its healthy list). */
    synchronized boolean record(boolean passed) {
        if (state == TargetState.DRAINING) {
            return false;
        }
        TargetState before = state;
        if (passed) {
            failures = 0;
            passes++;
            if (state != TargetState.HEALTHY && passes >= check.healthyThreshold()) {
                state = TargetState.HEALTHY;
            }
        } else {
            passes = 0;
            failures++;
            if (state != TargetState.UNHEALTHY && failures >= check.unhealthyThreshold()) {
                state = TargetState.UNHEALTHY;
            }
        }
        return state != before;
    }

    synchronized TargetState state() {
        return state;
    }

    TargetHealth health() {
        return new TargetHealth(target, state(), inFlight.get());
    }
}
