package dev.bluegreen.platform.pipeline.build;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The checks of one build to run.
 *
 * @param checkout  the build's checkout, as the build left it: where commands run (the one directory they may write)
 * @param testUrl   the test listener's base URL, which requests go to and commands get as {@code $TEST_URL}
 * @param variables what commands get in their environment besides the build's allow-list: {@code TEST_URL},
 *                  {@code BLUEGREEN_TAG}, {@code BLUEGREEN_COMMIT}
 * @param logFile   the build's log, which the checks' lines and output are appended to
 * @param cancelled asked while they run: a superseded execution's checks stop early
 */
public record CheckRequest(Path checkout, URI testUrl, Map<String, String> variables, Path logFile,
        BooleanSupplier cancelled) {

    public CheckRequest {
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(testUrl, "testUrl");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(cancelled, "cancelled");
    }

    /** Without the variables' values: the same for every build, and not worth a log line. */
    @Override
    public String toString() {
        return "CheckRequest[" + checkout + ", " + testUrl + ", " + logFile + "]";
    }
}
