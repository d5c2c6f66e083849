package dev.bluegreen.cli.up;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.platform.runtime.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The pipeline's options of {@code up}: which repository and branch, the bake's limits, the timeouts. */
public final class PipelineOptions {

    @Option(names = "--app-repo", paramLabel = "DIR",
            description = "the front end's git repository (default: <data-dir>/app, created from the sample app)")
    Path appRepo;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "the branch whose commits are deployed (default: the repository's current branch)")
    String branch;

    @Option(names = "--bake-window", paramLabel = "MS", defaultValue = "30000",
            description = "how long production is watched after a flip (default: ${DEFAULT-VALUE})")
    long bakeWindowMs;

    @Option(names = "--bake-max-error-rate", paramLabel = "RATE", defaultValue = "0.05",
            description = "share of 5xx in production that rolls back, 0 to 1 (default: ${DEFAULT-VALUE})")
    double bakeMaxErrorRate;

    @Option(names = "--bake-max-p99", paramLabel = "MS", defaultValue = "2000",
            description = "production p99 latency that rolls back (default: ${DEFAULT-VALUE})")
    long bakeMaxP99Ms;

    @Option(names = "--review-timeout", paramLabel = "MINUTES", defaultValue = "0",
            description = "reject a review not decided in time; 0 waits for ever (default: ${DEFAULT-VALUE})")
    long reviewTimeoutMinutes;

    @Option(names = "--build-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "for all of a build's commands (default: ${DEFAULT-VALUE})")
    long buildTimeoutSeconds;

    @Option(names = "--deploy-timeout", paramLabel = "MS", defaultValue = "60000",
            description = "how long a new build's tasks may take to turn healthy (default: ${DEFAULT-VALUE})")
    long deployTimeoutMs;

    PipelineConfig config() {
        if (bakeWindowMs < 0 || reviewTimeoutMinutes < 0 || buildTimeoutSeconds < 1 || deployTimeoutMs < 1000) {
            throw new UserError("--bake-window and --review-timeout must not be negative, --build-timeout must be at "
                    + "least 1 s and --deploy-timeout at least 1000 ms");
        }
        try {
            BakePolicy bake = new BakePolicy(Duration.ofMillis(bakeWindowMs), bakeMaxErrorRate,
                    Duration.ofMillis(bakeMaxP99Ms), BakePolicy.defaults().minRequests());
            return new PipelineConfig(appRepo == null ? null : appRepo.toAbsolutePath(), branch, bake,
                    reviewTimeoutMinutes == 0 ? null : Duration.ofMinutes(reviewTimeoutMinutes),
                    Duration.ofSeconds(buildTimeoutSeconds), Duration.ofMillis(deployTimeoutMs));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
