package dev.bluegreen.platform.pipeline.build;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.appconfig.ConfigFiles;
import dev.bluegreen.appconfig.Fields;
import dev.bluegreen.platform.tasks.TaskDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The app's task definition ({@code taskdef.json}, in Amazon ECS's shape), reduced to what the local platform runs:
 * one container's command and environment, the HTTP path its health check asks for, and how long it may take to
 * start and to stop.
 *
 * <p>The command and the environment values may hold the placeholders of {@link #PLACEHOLDERS}, e.g. {@code ${PORT}},
 * kept as text here: the platform fills them in per task ({@link #toTaskDefinition}).
 *
 * @param family        {@code family}
 * @param containerName {@code containerDefinitions[0].name}
 * @param command       {@code containerDefinitions[0].command}
 * @param environment   {@code containerDefinitions[0].environment}, in the file's order
 * @param healthPath    the path of the URL in {@code containerDefinitions[0].healthCheck.command}, e.g.
 *                      {@code /health}
 * @param startTimeout  {@code healthCheck.startPeriod}, else 60 s: how long a new task may take to turn healthy
 * @param stopTimeout   {@code stopTimeout}, else 15 s: SIGTERM to SIGKILL
 */
public record AppTaskDefinition(String family, String containerName, List<String> command,
        Map<String, String> environment, String healthPath, Duration startTimeout, Duration stopTimeout) {

    /** The usual name of the file at the root of an app repository. */
    public static final String FILE_NAME = "taskdef.json";
    /** The placeholders the platform fills in: the task's port, the API's URL, the build's artifacts, the side. */
    public static final List<String> PLACEHOLDERS = List.of("PORT", "API_URL", "ARTIFACT_DIR", "SIDE");
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(15);

    public AppTaskDefinition {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(containerName, "containerName");
        command = List.copyOf(command);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("a task definition's command needs a program to run");
        }
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        if (healthPath == null || !healthPath.startsWith("/")) {
            throw new IllegalArgumentException("a health path starts with '/', got " + healthPath);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    /**
     * Reads and checks a task definition file.
     *
     * @throws AppConfigException when it is missing, not JSON, or lacks what the platform needs; the message names
     *                            the file and the field
     */
    public static AppTaskDefinition read(Path file) {
        return AppTaskDefinitionParser.parse(ConfigFiles.readJson(file), Fields.ofJson(file.getFileName().toString()));
    }

    /** Parses task definition JSON; {@code fileName} is what messages call it. */
    public static AppTaskDefinition parse(String json, String fileName) {
        return AppTaskDefinitionParser.parse(ConfigFiles.parseJson(json, fileName), Fields.ofJson(fileName));
    }

    /**
     * What the supervisor runs, with the given placeholders filled in (names without {@code ${}}, e.g.
     * {@code "API_URL"}). {@code ${PORT}} is usually left to the supervisor, which picks a port per task.
     */
    public TaskDefinition toTaskDefinition(Map<String, String> values) {
        UnaryOperator<String> fill = text -> {
            String filled = text;
            for (Map.Entry<String, String> value : values.entrySet()) {
                filled = filled.replace("${" + value.getKey() + "}", value.getValue());
            }
            return filled;
        };
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((name, value) -> env.put(name, fill.apply(value)));
        return new TaskDefinition(family, command.stream().map(fill).toList(), env, healthPath, startTimeout,
                stopTimeout);
    }
}
