package dev.bluegreen.core.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One of the app's checks of a build on the test side, run once it is deployed there and before anyone is asked to
 * approve it (CodeDeploy's {@code AfterAllowTestTraffic} hook): a request with what its answer must be, or a command.
 * A check passes or fails within its time limit; the runtime runs it, {@link HttpCheck#failure} judges an answer.
 */
public sealed interface Check permits HttpCheck, CommandCheck {

    /**
     * What a check may name as {@code ${NAME}}: the test listener's base URL, the build's tag and its commit. Commands
     * get them as environment variables.
     */
    List<String> VARIABLES = List.of("TEST_URL", "BLUEGREEN_TAG", "BLUEGREEN_COMMIT");
    Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    /** How the check is called in the stage's verdict, the log and the dashboard. */
    String name();

    Duration timeout();

    /** The same check with every {@code ${NAME}} of {@link #VARIABLES} replaced by its value. */
    Check resolve(Map<String, String> values);

    /** Validates what every check has: a name and a time limit. */
    static void requireCommon(String name, Duration timeout) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a check needs a name of 1 to 100 characters, got "
                    + (name == null ? "none" : "'" + name + "'"));
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("check '" + name + "': its timeout must be more than 0 and at most "
                    + MAX_TIMEOUT.toMinutes() + " minutes, got " + timeout);
        }
    }

    /** @throws IllegalArgumentException naming the first {@code ${NAME}} in {@code text} that is not a variable */
    static void requireKnownVariables(String check, String field, String text) {
        Placeholders.names(text).filter(name -> !VARIABLES.contains(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("check '" + check + "': " + field + " names ${" + name + "}, which is "
                    + "not one of ${" + String.join("}, ${", VARIABLES) + "}");
        });
    }
}
