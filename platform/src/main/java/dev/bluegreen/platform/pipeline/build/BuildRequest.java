package dev.bluegreen.platform.pipeline.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One build to run.
 *
 * @param sourceDir     a clean checkout of the commit; the commands run there and may change it
 * @param buildspec     what to run and what to publish
 * @param tag           the build's name and its artifact directory's, e.g. {@code b12-3f2a1c9}
 * @param commitId      the commit being built, given to the commands as {@code CODEBUILD_RESOLVED_SOURCE_VERSION}
 *                      and {@code BLUEGREEN_COMMIT}
 * @param artifactsRoot where {@code <tag>/} is published, e.g. {@code <data-dir>/artifacts}
 * @param logFile       the build log; created, or appended to
 * @param timeout       for all the commands together, as CodeBuild's build timeout
 */
public record BuildRequest(Path sourceDir, Buildspec buildspec, String tag, String commitId, Path artifactsRoot,
        Path logFile, Duration timeout) {

    /** A tag becomes a directory name: no separators, no leading dot. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public BuildRequest {
        Objects.requireNonNull(sourceDir, "sourceDir");
        Objects.requireNonNull(buildspec, "buildspec");
        Objects.requireNonNull(artifactsRoot, "artifactsRoot");
        Objects.requireNonNull(logFile, "logFile");
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("a build tag is 1 to 128 letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit, got " + (tag == null ? "none" : "'" + tag + "'"));
        }
        if (commitId == null || commitId.isBlank()) {
            throw new IllegalArgumentException("a build needs the id of the commit it builds");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a build timeout must be positive, got " + timeout);
        }
    }

    /** Where a successful build's artifacts are: {@code <artifactsRoot>/<tag>}. */
    public Path artifactDir() {
        return artifactsRoot.resolve(tag);
    }
}
