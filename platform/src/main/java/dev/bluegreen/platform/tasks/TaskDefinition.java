package dev.bluegreen.platform.tasks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run for one task of a service, like an ECS task definition reduced to one local process. The command may
 * contain {@code ${PORT}}, replaced by the port the supervisor allocates; the process also gets it as env
 * {@code PORT}, with {@code BLUEGREEN_TASK_ID} and {@code BLUEGREEN_EXIT_WITH_PARENT=stdin}.
 */
public record TaskDefinition(String family, List<String> command, Map<String, String> environment,
        String healthPath, Duration startTimeout, Duration stopTimeout) {

    public static final String PORT_PLACEHOLDER = "${PORT}";

    public TaskDefinition {
        if (family == null || family.isBlank()) {
            throw new IllegalArgumentException("task definition family must not be empty");
        }
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("task definition '" + family + "': command must not be empty");
        }
        if (command.stream().anyMatch(Objects::isNull) || command.get(0).isBlank()) {
            throw new IllegalArgumentException("task definition '" + family
                    + "': command must start with a program and contain no null argument: " + command);
        }
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        if (healthPath == null || !healthPath.startsWith("/")) {
            throw new IllegalArgumentException("task definition '" + family + "': health path must start with '/', was "
                    + healthPath);
        }
        requirePositive(family, "start timeout", startTimeout);
        requirePositive(family, "stop timeout", stopTimeout);
        command = List.copyOf(command);
    }

    private static void requirePositive(String family, String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("task definition '" + family + "': " + what
                    + " must be positive, was " + value);
        }
    }

    /** The command with every {@code ${PORT}} replaced by {@code port}. */
    public List<String> commandFor(int port) {
        return command.stream().map(arg -> arg.replace(PORT_PLACEHOLDER, Integer.toString(port))).toList();
    }
}
