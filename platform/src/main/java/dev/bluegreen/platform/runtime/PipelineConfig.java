package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.pipeline.BakePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the local pipeline runs.
 *
 * @param appRepo       the front end's git repository, or null for {@code <data-dir>/app}, created from the sample app
 * @param branch        the branch watched for commits, or null for the repository's current branch
 * @param bake          how long and how strictly production is watched after a flip
 * @param reviewTimeout a review not decided within this is rejected; null: it waits for ever
 * @param buildTimeout  for all of a build's commands together
 * @param deployTimeout how long a new build's tasks may take to pass their health checks
 */
public record PipelineConfig(Path appRepo, String branch, BakePolicy bake, Duration reviewTimeout,
                             Duration buildTimeout, Duration deployTimeout) {

    public PipelineConfig {
        Objects.requireNonNull(bake, "bake");
        requirePositive("build timeout", buildTimeout);
        requirePositive("deploy timeout", deployTimeout);
        if (reviewTimeout != null) {
            requirePositive("review timeout", reviewTimeout);
        }
    }

    public static PipelineConfig defaults() {
        return new PipelineConfig(null, null, BakePolicy.defaults(), null, Duration.ofMinutes(10),
                Duration.ofSeconds(60));
    }

    private static void requirePositive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive, got " + value);
        }
    }
}
