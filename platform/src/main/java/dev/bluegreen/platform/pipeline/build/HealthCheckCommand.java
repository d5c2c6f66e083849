package dev.bluegreen.platform.pipeline.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.appconfig.Fields;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the HTTP path in an ECS health check command. ECS runs that command inside the container; the platform
 * instead asks for the same path over HTTP from outside, the way a target group checks its targets.
 */
final class HealthCheckCommand {

    private static final String PATH = "containerDefinitions[0].healthCheck";
    private static final String EXAMPLE = "[\"CMD-SHELL\", \"curl -f http://localhost:${PORT}/health || exit 1\"]";
    /** The host may be a placeholder ({@code localhost:${PORT}}), so this is not a URI parse. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s'\"/]+(/[^\\s'\"|;&<>()#]*)?");

    private HealthCheckCommand() {
    }

    static String path(JsonNode healthCheck, Fields fields) {
        if (healthCheck == null) {
            throw fields.problem(PATH + " is missing: the platform sends a task traffic once its health check "
                    + "passes; add {\"command\": " + EXAMPLE + "}");
        }
        fields.object(healthCheck, PATH, "an object with a command such as " + EXAMPLE);
        JsonNode node = healthCheck.get("command");
        if (node == null || !node.isArray()) {
            throw fields.wrongType(PATH + ".command", "a list such as " + EXAMPLE, node);
        }
        if (node.size() < 2) {
            throw fields.problem(PATH + ".command must hold \"CMD-SHELL\" or \"CMD\" and then the check, as in "
                    + EXAMPLE);
        }
        List<String> command = fields.textList(node, PATH + ".command", "a list of strings such as " + EXAMPLE,
                "a string", false);
        if (!command.get(0).equals("CMD-SHELL") && !command.get(0).equals("CMD")) {
            throw fields.wrongType(PATH + ".command[0]", "\"CMD-SHELL\" or \"CMD\" (as in ECS)", node.get(0));
        }
        Matcher url = URL.matcher(String.join(" ", command.subList(1, command.size())));
        if (!url.find()) {
            throw fields.problem(PATH + ".command has no http:// URL; the platform checks the path of the URL it "
                    + "names, as in " + EXAMPLE);
        }
        return url.group(1) == null || url.group(1).isEmpty() ? "/" : url.group(1);
    }
}
