package dev.bluegreen.platform.pipeline.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a build went, with what a person needs to see why: a one-sentence message, the last lines of the log, and
 * where the whole log is.
 *
 * @param tag           the build's tag
 * @param outcome       how it ended
 * @param message       one sentence, e.g. {@code command "make site" (phase build) failed with exit code 2}
 * @param failedCommand the command that failed, timed out or was stopped; {@code null} when none was running
 * @param exitCode      that command's exit code; {@code null} when it did not exit by itself
 * @param outputTail    the last lines this build wrote to the log (at most {@link BuildRunner#TAIL_LINES})
 * @param logFile       the whole log
 * @param artifactDir   the published {@code <artifacts root>/<tag>}; {@code null} unless succeeded
 * @param duration      from start to end
 */
public record BuildResult(String tag, BuildOutcome outcome, String message, BuildCommand failedCommand,
        Integer exitCode, List<String> outputTail, Path logFile, Path artifactDir, Duration duration) {

    public BuildResult {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        outputTail = List.copyOf(outputTail);
        Objects.requireNonNull(logFile, "logFile");
        if ((outcome == BuildOutcome.SUCCEEDED) != (artifactDir != null)) {
            throw new IllegalArgumentException("a build has an artifact directory exactly when it succeeded");
        }
        Objects.requireNonNull(duration, "duration");
    }

    public boolean succeeded() {
        return outcome == BuildOutcome.SUCCEEDED;
    }

    public Optional<Path> artifacts() {
        return Optional.ofNullable(artifactDir);
    }

    public Optional<BuildCommand> failure() {
        return Optional.ofNullable(failedCommand);
    }
}
