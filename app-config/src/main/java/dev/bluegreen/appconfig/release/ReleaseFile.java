package dev.bluegreen.appconfig.release;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.appconfig.ConfigFiles;
import dev.bluegreen.appconfig.Fields;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's {@code release.yml}, beside its {@code buildspec.yml} and {@code checks.yml}: how production moves to a
 * new build once it is approved (CodeDeploy's deployment configuration, Argo Rollouts' strategy). An app without one
 * is released all at once. An approval may choose another strategy for its own release.
 *
 * <pre>
 * version: 1
 * strategy: canary:10%:5m     # all-at-once, canary:PERCENT%:INTERVAL or linear:PERCENT%:INTERVAL
 * </pre>
 */
public final class ReleaseFile {

    /** Where the file is: at the root of the app repository, beside {@code buildspec.yml}. */
    public static final String FILE_NAME = "release.yml";

    private static final List<String> KEYS = List.of("version", "strategy");

    private ReleaseFile() {
    }

    /**
     * Reads and checks a release file.
     *
     * @throws AppConfigException when it is not YAML or not a strategy; the message names the file, the line and
     *                            what is expected
     */
    public static ReleaseStrategy read(Path file) {
        return parse(ConfigFiles.readText(file), file.getFileName().toString());
    }

    /** Parses release text; {@code fileName} is what messages call it. */
    public static ReleaseStrategy parse(String yaml, String fileName) {
        return parse(ConfigFiles.parseYaml(yaml, fileName), yaml, fileName);
    }

    private static ReleaseStrategy parse(JsonNode root, String text, String fileName) {
        Fields fields = Fields.ofYaml(fileName);
        if (Fields.isAbsent(root) || !root.isObject()) {
            throw fields.problem("must be a map with 'version: 1' and 'strategy: SPEC', SPEC being "
                    + ReleaseStrategy.FORMAT + "; got " + fields.describe(root));
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw fields.problem(line(text, key) + key + " is not a key here" + Fields.didYouMean(key, KEYS)
                        + " (keys are " + String.join(", ", KEYS) + ")");
            }
        });
        JsonNode version = root.get("version");
        if (version == null || !(version.isIntegralNumber() && version.asInt() == 1
                || version.isTextual() && version.asText().equals("1"))) {
            throw fields.problem(line(text, "version") + "version must be 1, got " + fields.describe(version)
                    + " (start the file with 'version: 1')");
        }
        JsonNode strategy = root.get("strategy");
        if (strategy == null || !strategy.isTextual() || strategy.asText().isBlank()) {
            throw fields.problem(line(text, "strategy") + "strategy must be " + ReleaseStrategy.FORMAT + ", got "
                    + fields.describe(strategy));
        }
        try {
            return ReleaseStrategy.parse(strategy.asText());
        } catch (IllegalArgumentException e) {
            throw fields.problem(line(text, "strategy") + e.getMessage());
        }
    }

    /** "line 3: " where the top-level key is written, so that a person goes straight to it; "" if not found. */
    private static String line(String text, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*:").matcher(text);
        return m.find() ? "line " + (text.substring(0, m.start()).lines().count() + 1) + ": " : "";
    }
}
