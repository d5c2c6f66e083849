package dev.bluegreen.appconfig.checks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.appconfig.Fields;
import dev.bluegreen.core.check.Check;
import dev.bluegreen.core.check.CommandCheck;
import dev.bluegreen.core.check.HttpCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a {@code checks.yml} tree field by field; the first problem found is the message. */
final class ChecksParser {

    private static final List<String> KEYS = List.of("version", "checks");
    private static final List<String> CHECK_KEYS = List.of("name", "http", "command", "timeout");
    private static final List<String> HTTP_KEYS = List.of("path", "status", "contains", "json");
    private static final int MAX_CHECKS = 50;

    private ChecksParser() {
    }

    static List<Check> parse(JsonNode root, Fields fields) {
        if (Fields.isAbsent(root) || !root.isObject()) {
            throw fields.problem("must be a map with 'version: 1' and a list of checks, got " + fields.describe(root));
        }
        unknownKeys(root, "", KEYS, fields);
        JsonNode version = root.get("version");
        if (version == null || !(version.isIntegralNumber() && version.asInt() == 1
                || version.isTextual() && version.asText().equals("1"))) {
            throw fields.problem("version must be 1, got " + fields.describe(version)
                    + " (start the file with 'version: 1')");
        }
        JsonNode list = root.get("checks");
        if (list == null || !list.isArray()) {
            throw fields.wrongType("checks", "a list of checks, each with a name and http or command", list);
        }
        if (list.size() > MAX_CHECKS) {
            throw fields.problem("has " + list.size() + " checks; at most " + MAX_CHECKS + " run before a review");
        }
        List<Check> checks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Check check = check(list.get(i), "checks[" + i + "]", fields);
            if (!names.add(check.name())) {
                throw fields.problem("checks[" + i + "]: the name '" + check.name() + "' is given to another check "
                        + "already; names tell the checks apart in the verdict");
            }
            checks.add(check);
        }
        return checks;
    }

    private static Check check(JsonNode node, String path, Fields fields) {
        fields.object(node, path, "a check: a map with a name and http or command");
        unknownKeys(node, path + ".", CHECK_KEYS, fields);
        String name = fields.text(node.get("name"), path + ".name", "the check's name (a string)", true);
        boolean http = !Fields.isAbsent(node.get("http"));
        boolean command = !Fields.isAbsent(node.get("command"));
        if (http == command) {
            throw fields.problem(path + " ('" + name + "') needs exactly one of http (a request and what its answer "
                    + "must be) or command (a shell command that must exit 0)");
        }
        try {
            if (command) {
                return new CommandCheck(name, fields.text(node.get("command"), path + ".command", "a command (a "
                        + "string)", false), timeout(node.get("timeout"), path, CommandCheck.DEFAULT_TIMEOUT, fields));
            }
            return http(name, node.get("http"), path + ".http", timeout(node.get("timeout"), path,
                    HttpCheck.DEFAULT_TIMEOUT, fields), fields);
        } catch (IllegalArgumentException e) {
            throw fields.problem(path + ": " + e.getMessage());
        }
    }

    private static HttpCheck http(String name, JsonNode node, String path, Duration timeout, Fields fields) {
        fields.object(node, path, "a map with path, and optionally status, contains and json");
        unknownKeys(node, path + ".", HTTP_KEYS, fields);
        String url = fields.text(node.get("path"), path + ".path", "a path such as /year?year=2013", false);
        int status = HttpCheck.DEFAULT_STATUS;
        JsonNode statusNode = node.get("status");
        if (!Fields.isAbsent(statusNode)) {
            if (!statusNode.isIntegralNumber()) {
                throw fields.wrongType(path + ".status", "an HTTP status (a number) such as 200", statusNode);
            }
            status = statusNode.asInt();
        }
        JsonNode containsNode = node.get("contains");
        String contains = Fields.isAbsent(containsNode) ? null
                : fields.text(containsNode, path + ".contains", "text the body must contain (a string)", true);
        Map<String, String> json = new LinkedHashMap<>();
        JsonNode jsonNode = node.get("json");
        if (!Fields.isAbsent(jsonNode)) {
            fields.object(jsonNode, path + ".json", "a map of JSON Pointer (such as /label) to the value there");
            for (Map.Entry<String, JsonNode> entry : jsonNode.properties()) {
                json.put(entry.getKey(), fields.text(entry.getValue(), path + ".json." + entry.getKey(),
                        "a value (a string, a number or true/false)", true));
            }
        }
        return new HttpCheck(name, url, status, contains, json, timeout);
    }

    private static Duration timeout(JsonNode node, String path, Duration otherwise, Fields fields) {
        if (Fields.isAbsent(node)) {
            return otherwise;
        }
        if (!node.isNumber() || node.asDouble() <= 0) {
            throw fields.wrongType(path + ".timeout", "a number of seconds more than 0 such as 30", node);
        }
        return Duration.ofMillis(Math.round(node.asDouble() * 1000));
    }

    private static void unknownKeys(JsonNode node, String prefix, List<String> known, Fields fields) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw fields.problem(prefix + key + " is not a key here" + Fields.didYouMean(key, known) + " (keys "
                        + "are " + String.join(", ", known) + ")");
            }
        });
    }
}
