package dev.bluegreen.platform.lb;

import java.time.Duration;
import java.util.Objects;

/**
 * How a target group checks its targets. ALB's defaults are 30 s x 5; ours are much tighter because a local
 * deployment should notice a dead task in seconds, not minutes. A new target is checked every
 * {@link #NEW_TARGET_INTERVAL} (or the interval, if shorter) until it first turns healthy or unhealthy: it still needs
 * the threshold's checks in a row, but a task that is ready gets traffic a fraction of a second after it
 * registered instead of a whole interval later; then the interval applies.
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int healthyThreshold,
                          int unhealthyThreshold) {

    public static final Duration NEW_TARGET_INTERVAL = Duration.ofMillis(50);

    public HealthCheck {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("health check path must start with '/': " + path);
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("health check interval and timeout must be positive");
        }
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("health check thresholds must be at least 1");
        }
    }

    public static HealthCheck defaults() {
        return new HealthCheck("/health", Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 2);
    }
}
