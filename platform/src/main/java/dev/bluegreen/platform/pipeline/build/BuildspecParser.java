package dev.bluegreen.platform.pipeline.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.appconfig.Fields;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a buildspec tree field by field; the first problem found is the message. */
final class BuildspecParser {

    private static final List<String> KEYS = List.of("version", "env", "phases", "artifacts");
    /** CodeBuild keys that only tune or report a build on AWS: a local build can skip them and still be right. */
    private static final Set<String> IGNORED_KEYS = Set.of("cache", "reports");
    private static final List<String> ARTIFACT_KEYS = List.of("files", "base-directory", "discard-paths");
    private static final BigDecimal VERSION = new BigDecimal("0.2");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String COMMANDS = "a list of commands (strings)";

    private BuildspecParser() {
    }

    static Buildspec parse(JsonNode root, Fields fields) {
        if (Fields.isAbsent(root)) {
            throw fields.problem("is empty; a buildspec needs at least 'version: 0.2' and phases with commands");
        }
        if (!root.isObject()) {
            throw fields.problem("must be a map with the keys " + String.join(", ", KEYS) + ", got "
                    + fields.describe(root));
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key) && !IGNORED_KEYS.contains(key)) {
                throw fields.problem("unknown key '" + key + "'" + Fields.didYouMean(key, KEYS) + " (keys are "
                        + String.join(", ", KEYS) + ")");
            }
        });
        checkVersion(root.get("version"), fields);
        Map<String, String> variables = variables(root.get("env"), fields);
        List<BuildCommand> commands = commands(root.get("phases"), fields);
        return new Buildspec(variables, commands, artifacts(root.get("artifacts"), fields));
    }

    private static void checkVersion(JsonNode version, Fields fields) {
        if (version == null) {
            throw fields.problem("version is missing: start the file with 'version: 0.2'");
        }
        boolean ok = version.isNumber() && version.decimalValue().compareTo(VERSION) == 0
                || version.isTextual() && version.asText().equals("0.2");
        if (!ok) {
            throw fields.wrongType("version", "0.2 (the buildspec version this pipeline runs)", version);
        }
    }

    private static Map<String, String> variables(JsonNode env, Fields fields) {
        if (Fields.isAbsent(env)) {
            return Map.of();
        }
        fields.object(env, "env", "a map with 'variables'");
        env.fieldNames().forEachRemaining(key -> {
            if (!key.equals("variables")) {
                throw fields.problem("env." + key
                        + " is not supported by the local pipeline (env holds only variables)");
            }
        });
        JsonNode variables = env.get("variables");
        if (Fields.isAbsent(variables)) {
            return Map.of();
        }
        fields.object(variables, "env.variables", "a map of NAME: value");
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : variables.properties()) {
            String path = "env.variables." + entry.getKey();
            if (!VARIABLE_NAME.matcher(entry.getKey()).matches()) {
                throw fields.problem(path + ": '" + entry.getKey() + "' is not a valid variable name "
                        + "(letters, digits and _, not starting with a digit)");
            }
            result.put(entry.getKey(), fields.text(entry.getValue(), path, "a value (a string)", true));
        }
        return result;
    }

    private static List<BuildCommand> commands(JsonNode phases, Fields fields) {
        List<BuildCommand> commands = new ArrayList<>();
        if (!Fields.isAbsent(phases)) {
            fields.object(phases, "phases", "a map of phases (" + String.join(", ", BuildPhase.keys()) + ")");
            phases.fieldNames().forEachRemaining(key -> {
                if (BuildPhase.ofKey(key).isEmpty()) {
                    throw fields.problem("unknown phase '" + key + "'" + Fields.didYouMean(key, BuildPhase.keys())
                            + " (phases are " + String.join(", ", BuildPhase.keys()) + ")");
                }
            });
            // the order of the file does not matter: CodeBuild always runs install, pre_build, build, post_build
            for (BuildPhase phase : BuildPhase.values()) {
                for (String command : phaseCommands(phase, phases.get(phase.key()), fields)) {
                    commands.add(new BuildCommand(phase, command));
                }
            }
        }
        if (commands.isEmpty()) {
            throw fields.problem("has no command to run: give a phase (" + String.join(", ", BuildPhase.keys())
                    + ") at least one, e.g. 'phases: {build: {commands: [\"./build.sh\"]}}'");
        }
        return commands;
    }

    private static List<String> phaseCommands(BuildPhase phase, JsonNode node, Fields fields) {
        String path = "phases." + phase.key();
        if (Fields.isAbsent(node)) {
            return List.of();
        }
        fields.object(node, path, "a map with 'commands'");
        node.fieldNames().forEachRemaining(key -> {
            if (!key.equals("commands")) {
                throw fields.problem(path + "." + key + " is not supported"
                        + Fields.didYouMean(key, List.of("commands")) + " (a phase holds only commands)");
            }
        });
        JsonNode list = node.get("commands");
        if (list != null && list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isObject()) {
                    // "- echo version: 2" is a one-entry map in YAML, a classic buildspec trap
                    throw fields.problem(path + ".commands[" + i + "] must be a command (a string), got "
                            + fields.describe(list.get(i)) + " (quote a command that contains ': ')");
                }
            }
        }
        List<String> commands = fields.textList(list, path + ".commands", COMMANDS, "a command (a string)", true);
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).isBlank()) {
                throw fields.problem(path + ".commands[" + i + "] is empty");
            }
        }
        return commands;
    }

    private static Buildspec.Artifacts artifacts(JsonNode node, Fields fields) {
        if (Fields.isAbsent(node)) {
            throw fields.problem("artifacts is missing: say which files the build publishes, e.g. "
                    + "'artifacts: {files: [\"**/*\"]}'");
        }
        fields.object(node, "artifacts", "a map with files, and optionally base-directory and discard-paths");
        node.fieldNames().forEachRemaining(key -> {
            if (!ARTIFACT_KEYS.contains(key)) {
                throw fields.problem("artifacts." + key + " is not supported" + Fields.didYouMean(key, ARTIFACT_KEYS)
                        + " (artifacts has " + String.join(", ", ARTIFACT_KEYS) + ")");
            }
        });
        JsonNode filesNode = node.get("files");
        if (Fields.isAbsent(filesNode)) {
            throw fields.problem("artifacts.files is missing: list the files the build publishes, e.g. '**/*'");
        }
        List<String> files = fields.textList(filesNode, "artifacts.files",
                "a list of file patterns such as '**/*' or 'site/**'", "a file pattern (a string)", false);
        if (files.isEmpty()) {
            throw fields.problem("artifacts.files is empty: list the files the build publishes, e.g. '**/*'");
        }
        for (int i = 0; i < files.size(); i++) {
            checkRelative(files.get(i), "artifacts.files[" + i + "]", "a pattern relative to the base directory "
                    + "such as 'site/**'", fields);
        }
        String base = "";
        JsonNode baseNode = node.get("base-directory");
        if (!Fields.isAbsent(baseNode)) {
            base = fields.text(baseNode, "artifacts.base-directory", "a directory (a string)", false).strip();
            checkRelative(base, "artifacts.base-directory", "a directory inside the source directory such as 'dist'",
                    fields);
        }
        return new Buildspec.Artifacts(files, base, discardPaths(node.get("discard-paths"), fields));
    }

    private static void checkRelative(String path, String field, String expected, Fields fields) {
        boolean escapes = path.startsWith("/") || path.startsWith("~") || path.contains("\\")
                || List.of(path.split("/")).contains("..");
        if (path.isBlank() || escapes) {
            throw fields.problem(field + " must be " + expected + ", got '" + path + "'");
        }
    }

    private static boolean discardPaths(JsonNode node, Fields fields) {
        if (Fields.isAbsent(node)) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.asText().equals("yes") || node.asText().equals("no"))) {
            return node.asText().equals("yes");
        }
        throw fields.wrongType("artifacts.discard-paths", "yes or no", node);
    }
}
