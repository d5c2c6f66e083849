package dev.bluegreen.core.check;

import java.time.Duration;
import java.util.Map;

/**
 * A command run as the build's commands are (its own shell, in the build's checkout and sandbox), with {@code
 * $TEST_URL}, {@code $BLUEGREEN_TAG} and {@code $BLUEGREEN_COMMIT} in its environment: it passes when it exits 0
 * within its time limit.
 */
public record CommandCheck(String name, String command, Duration timeout) implements Check {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public CommandCheck {
        Check.requireCommon(name, timeout);
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("check '" + name + "': command must not be empty");
        }
    }

    /** The shell expands the variables itself, from its environment. */
    @Override
    public CommandCheck resolve(Map<String, String> values) {
        return this;
    }
}
