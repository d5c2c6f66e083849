package dev.bluegreen.cli.up;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.platform.lb.HealthCheck;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The target groups' health checks and deregistration delay; ALB's are 30 s x 5, ours a local deployment's. */
public final class HealthOptions {

    @Option(names = "--health-path", paramLabel = "PATH", defaultValue = "/health",
            description = "health check path of the web and API tasks (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--health-interval", paramLabel = "MS", defaultValue = "1000",
            description = "time between health checks of a target (default: ${DEFAULT-VALUE})")
    long intervalMs;

    @Option(names = "--health-timeout", paramLabel = "MS", defaultValue = "1000",
            description = "a check not answered within this fails (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--healthy-threshold", paramLabel = "N", defaultValue = "2",
            description = "passed checks in a row before a target gets traffic (default: ${DEFAULT-VALUE})")
    int healthyThreshold;

    @Option(names = "--unhealthy-threshold", paramLabel = "N", defaultValue = "2",
            description = "failed checks in a row before a target gets none (default: ${DEFAULT-VALUE})")
    int unhealthyThreshold;

    @Option(names = "--deregistration-delay", paramLabel = "MS", defaultValue = "5000",
            description = "how long a removed target may finish its requests in flight (default: ${DEFAULT-VALUE})")
    long deregistrationDelayMs;

    HealthCheck healthCheck() {
        if (intervalMs < 100 || timeoutMs < 10 || timeoutMs > intervalMs * 10) {
            throw new UserError("--health-interval must be at least 100 ms and --health-timeout from 10 ms to ten "
                    + "intervals; got " + intervalMs + " and " + timeoutMs);
        }
        try {
            return new HealthCheck(path, Duration.ofMillis(intervalMs), Duration.ofMillis(timeoutMs),
                    healthyThreshold, unhealthyThreshold);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    Duration deregistrationDelay() {
        if (deregistrationDelayMs < 0 || deregistrationDelayMs > 600_000) {
            throw new UserError("--deregistration-delay must be from 0 to 600000 ms, got " + deregistrationDelayMs);
        }
        return Duration.ofMillis(deregistrationDelayMs);
    }
}
