package dev.bluegreen.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed reads of a YAML or JSON tree that name the file and the field path in every complaint, so both parsers say
 * "{@code taskdef.json: containerDefinitions[0].command must be ..., got a map}" the same way: {@code checks.yml}'s
 * here, {@code buildspec.yml}'s and {@code taskdef.json}'s in the local pipeline.
 */
public final class Fields {

    private final String fileName;
    private final boolean yaml;

    private Fields(String fileName, boolean yaml) {
        this.fileName = fileName;
        this.yaml = yaml;
    }

    public static Fields ofYaml(String fileName) {
        return new Fields(fileName, true);
    }

    public static Fields ofJson(String fileName) {
        return new Fields(fileName, false);
    }

    /** A complaint about the file: {@code "<file>: <sentence>"}. */
    public AppConfigException problem(String sentence) {
        return new AppConfigException(fileName + ": " + sentence);
    }

    public AppConfigException wrongType(String path, String expected, JsonNode found) {
        return problem(path + " must be " + expected + ", got " + describe(found));
    }

    /**
     * Nothing written there. With yes/no kept as text, Jackson reads an empty YAML value ({@code install:}) as "",
     * not null, so both count.
     */
    public static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || node.isTextual() && node.asText().isEmpty();
    }

    /** What a user would call the value they wrote: "a map", "a list", "the string \"x\"", "nothing". */
    public String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (yaml && isAbsent(node)) {
            return "nothing (an empty value)";
        }
        return switch (node.getNodeType()) {
            case NULL -> yaml ? "nothing (an empty value)" : "null";
            case OBJECT, POJO -> (node.isEmpty() ? "an empty " : yaml ? "a " : "an ") + (yaml ? "map" : "object");
            case ARRAY -> node.isEmpty() ? "an empty list" : "a list";
            case STRING -> "the string \"" + abbreviate(node.asText()) + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    public JsonNode object(JsonNode node, String path, String expected) {
        if (node == null || !node.isObject()) {
            throw wrongType(path, expected, node);
        }
        return node;
    }

    /** A string, or (when {@code scalarsAsText}) a number or true/false as written. */
    public String text(JsonNode node, String path, String expected, boolean scalarsAsText) {
        if (node != null && (node.isTextual() || scalarsAsText && (node.isNumber() || node.isBoolean()))) {
            return node.asText();
        }
        throw wrongType(path, expected, node);
    }

    /**
     * @param expected        what the list should be, e.g. "a list of commands (strings)"
     * @param elementExpected what each element should be, e.g. "a command (a string)"
     */
    public List<String> textList(JsonNode node, String path, String expected, String elementExpected,
            boolean scalarsAsText) {
        if (node == null || !node.isArray()) {
            throw wrongType(path, expected, node);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(text(node.get(i), path + "[" + i + "]", elementExpected, scalarsAsText));
        }
        return values;
    }

    /** The name among {@code known} that {@code key} is most likely a typo of (at most two edits away). */
    public static Optional<String> likelyTypoOf(String key, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(bestDistance <= 2 ? best : null);
    }

    public static String didYouMean(String key, Collection<String> known) {
        return likelyTypoOf(key, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
