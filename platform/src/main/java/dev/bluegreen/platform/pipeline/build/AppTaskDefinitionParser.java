package dev.bluegreen.platform.pipeline.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.appconfig.Fields;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a task definition tree. Unknown fields: ECS has dozens (cpu, memory, image, logConfiguration...) that mean
 * nothing locally, so a file written for ECS must pass. At the top level the list is short and stable, so any other
 * name is taken for a typo and refused. In the container the list is long and grows, so only a near miss of a field
 * we use ("comand", "healthcheck") is refused, because silently ignoring it would run the wrong thing.
 */
final class AppTaskDefinitionParser {

    private static final Set<String> ECS_TOP_LEVEL = Set.of("family", "containerDefinitions", "taskRoleArn",
            "executionRoleArn", "networkMode", "volumes", "placementConstraints", "requiresCompatibilities", "cpu",
            "memory", "tags", "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage",
            "runtimePlatform", "enableFaultInjection",
            // what describe-task-definition adds, so its output can be saved as is
            "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt",
            "registeredBy", "deregisteredAt");
    private static final List<String> CONTAINER_FIELDS_USED = List.of("name", "command", "environment",
            "portMappings", "healthCheck", "stopTimeout");
    private static final Pattern ECS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final String C = "containerDefinitions[0]";
    private static final String COMMAND_EXAMPLE = "[\"python3\", \"-m\", \"http.server\", \"${PORT}\"]";

    private AppTaskDefinitionParser() {
    }

    static AppTaskDefinition parse(JsonNode root, Fields fields) {
        if (!root.isObject()) {
            throw fields.problem("must be a JSON object in ECS's task definition shape, with family and "
                    + "containerDefinitions, got " + fields.describe(root));
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!ECS_TOP_LEVEL.contains(key)) {
                throw fields.problem("unknown field '" + key + "'" + Fields.didYouMean(key, ECS_TOP_LEVEL)
                        + ": not a field of an ECS task definition");
            }
        });
        String family = name(root.get("family"), "family", fields);
        JsonNode container = onlyContainer(root.get("containerDefinitions"), fields);
        container.fieldNames().forEachRemaining(key -> checkContainerField(key, fields));
        String name = name(container.get("name"), C + ".name", fields);
        List<String> command = command(container.get("command"), fields);
        Map<String, String> environment = environment(container.get("environment"), fields);
        checkPortMappings(container.get("portMappings"), fields);
        JsonNode healthCheck = container.get("healthCheck");
        String healthPath = HealthCheckCommand.path(healthCheck, fields);
        Duration start = seconds(healthCheck.get("startPeriod"), C + ".healthCheck.startPeriod", 0, 300, fields)
                .filter(s -> !s.isZero()) // ECS's 0 means "no grace"; a local task always gets some time to start
                .orElse(AppTaskDefinition.DEFAULT_START_TIMEOUT);
        Duration stop = seconds(container.get("stopTimeout"), C + ".stopTimeout", 1, 120, fields)
                .orElse(AppTaskDefinition.DEFAULT_STOP_TIMEOUT);
        return new AppTaskDefinition(family, name, command, environment, healthPath, start, stop);
    }

    private static JsonNode onlyContainer(JsonNode list, Fields fields) {
        if (list == null) {
            throw fields.problem("containerDefinitions is missing: it holds the one container to run");
        }
        if (!list.isArray()) {
            throw fields.wrongType("containerDefinitions", "a list with one container", list);
        }
        if (list.size() != 1) {
            throw fields.problem("containerDefinitions must hold exactly one container (a task here is one process),"
                    + " got " + list.size());
        }
        return fields.object(list.get(0), C, "a container (an object with name, command and healthCheck)");
    }

    private static void checkContainerField(String key, Fields fields) {
        if (key.equals("entryPoint")) {
            throw fields.problem(C + ".entryPoint is not supported: put the whole command line in " + C
                    + ".command");
        }
        if (!CONTAINER_FIELDS_USED.contains(key)) {
            Fields.likelyTypoOf(key, CONTAINER_FIELDS_USED).ifPresent(meant -> {
                throw fields.problem(C + "." + key + " is not a field the platform knows (did you mean '" + meant
                        + "'?)");
            });
        }
    }

    private static String name(JsonNode node, String path, Fields fields) {
        if (node == null) {
            throw fields.problem(path + " is missing");
        }
        String name = fields.text(node, path, "a name (letters, digits, - and _)", false);
        if (!ECS_NAME.matcher(name).matches()) {
            throw fields.problem(path + " must be a name of up to 255 letters, digits, - and _, got \"" + name + "\"");
        }
        return name;
    }

    private static List<String> command(JsonNode node, Fields fields) {
        String path = C + ".command";
        String expected = "a non-empty list of strings such as " + COMMAND_EXAMPLE;
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw node == null ? fields.problem(path + " is missing: it must be " + expected)
                    : fields.wrongType(path, expected, node);
        }
        List<String> command = fields.textList(node, path, expected, "a string", false);
        if (command.get(0).isBlank()) {
            throw fields.problem(path + "[0] must name the program to run, got an empty string");
        }
        for (int i = 0; i < command.size(); i++) {
            checkPlaceholders(command.get(i), path + "[" + i + "]", fields);
        }
        return command;
    }

    private static Map<String, String> environment(JsonNode node, Fields fields) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (node == null) {
            return environment;
        }
        String expected = "a list of {\"name\": ..., \"value\": ...}";
        if (!node.isArray()) {
            throw fields.wrongType(C + ".environment", expected, node);
        }
        for (int i = 0; i < node.size(); i++) {
            String path = C + ".environment[" + i + "]";
            JsonNode entry = fields.object(node.get(i), path, "{\"name\": ..., \"value\": ...}");
            if (entry.get("name") == null || entry.get("value") == null) {
                throw fields.problem(path + " needs both \"name\" and \"value\"");
            }
            String name = fields.text(entry.get("name"), path + ".name", "a variable name (a string)", false);
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw fields.problem(path + ".name must be a variable name (letters, digits and _, not starting "
                        + "with a digit), got \"" + name + "\"");
            }
            String value = fields.text(entry.get("value"), path + ".value", "a string (quote numbers)", false);
            checkPlaceholders(value, path + ".value", fields);
            if (environment.put(name, value) != null) {
                throw fields.problem(path + ".name: " + name + " is set twice");
            }
        }
        return environment;
    }

    private static void checkPlaceholders(String text, String path, Fields fields) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            if (!AppTaskDefinition.PLACEHOLDERS.contains(placeholder.group(1))) {
                String meant = Fields.likelyTypoOf(placeholder.group(1), AppTaskDefinition.PLACEHOLDERS)
                        .map(name -> " (did you mean ${" + name + "}?)").orElse("");
                List<String> known = AppTaskDefinition.PLACEHOLDERS.stream().map(name -> "${" + name + "}").toList();
                throw fields.problem(path + " uses the unknown placeholder " + placeholder.group() + meant
                        + "; the platform fills in " + String.join(", ", known));
            }
        }
    }

    /** Informative only (the platform picks ports), but a wrong shape is still a mistake worth naming. */
    private static void checkPortMappings(JsonNode node, Fields fields) {
        if (node == null) {
            return;
        }
        if (!node.isArray()) {
            throw fields.wrongType(C + ".portMappings", "a list of {\"containerPort\": N}", node);
        }
        for (int i = 0; i < node.size(); i++) {
            String path = C + ".portMappings[" + i + "]";
            JsonNode port = fields.object(node.get(i), path, "{\"containerPort\": N}").get("containerPort");
            if (port != null && !(port.isIntegralNumber() && port.asInt() >= 0 && port.asInt() <= 65535)) {
                throw fields.wrongType(path + ".containerPort", "a port number from 0 to 65535", port);
            }
        }
    }

    private static Optional<Duration> seconds(JsonNode node, String path, int min, int max, Fields fields) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            throw fields.wrongType(path, "a whole number of seconds from " + min + " to " + max, node);
        }
        return Optional.of(Duration.ofSeconds(node.asLong()));
    }
}
