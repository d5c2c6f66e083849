package dev.bluegreen.platform.tasks;

import java.time.Duration;

/**
 * The supervisor's own timings. A round every {@code reconcileInterval} catches what no event announces (start
 * timeouts, the end of a backoff); a new task is probed every {@code readinessInterval} until it listens (then
 * every {@code reconcileInterval} until it answers 200), each probe within {@code healthTimeout}. {@code
 * drainTimeout} bounds the wait for {@link TaskEvents#taskStopping}; {@code orphanGrace} is the SIGTERM-to-SIGKILL
 * delay for orphans, whose definition we no longer know.
 */
public record SupervisorSettings(Duration reconcileInterval, Duration readinessInterval, Duration healthTimeout,
        Duration drainTimeout, Backoff backoff, Duration orphanGrace) {

    public SupervisorSettings {
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("reconcile interval must be positive, was " + reconcileInterval);
        }
        if (readinessInterval.isNegative() || readinessInterval.isZero()) {
            throw new IllegalArgumentException("readiness interval must be positive, was " + readinessInterval);
        }
        if (healthTimeout.isNegative() || healthTimeout.isZero()) {
            throw new IllegalArgumentException("health timeout must be positive, was " + healthTimeout);
        }
        if (drainTimeout.isNegative() || orphanGrace.isNegative()) {
            throw new IllegalArgumentException("drain timeout and orphan grace must not be negative");
        }
    }

    public static SupervisorSettings defaults() {
        return new SupervisorSettings(Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(500),
                Duration.ofSeconds(30),
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), Duration.ofSeconds(10));
    }
}
