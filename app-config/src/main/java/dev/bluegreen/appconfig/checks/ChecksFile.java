package dev.bluegreen.appconfig.checks;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.appconfig.ConfigFiles;
import dev.bluegreen.appconfig.Fields;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.check.Check;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The app's {@code checks.yml}, beside its {@code buildspec.yml}: what the pipeline checks on the test side once a
 * build is deployed there, before anyone is asked to approve it (the moment of CodeDeploy's
 * {@code AfterAllowTestTraffic} hook). In the buildspec's manner: a version, then a list.
 *
 * <pre>
 * version: 1
 * checks:
 *   - name: home page
 *     http:
 *       path: /
 *       status: 200                   # the default
 *       contains: Find movies
 *   - name: /version names this build
 *     http:
 *       path: /version
 *       json:
 *         /label: ${BLUEGREEN_TAG}    # JSON Pointer: the value there, as text
 *   - name: smoke test
 *     command: ./smoke.sh "$TEST_URL" # run as the build's commands are (locally in its sandbox)
 *     timeout: 30                     # seconds; 10 for a request, 60 for a command by default
 * </pre>
 */
public final class ChecksFile {

    /** Where the file is: at the root of the app repository, beside {@code buildspec.yml}. */
    public static final String FILE_NAME = "checks.yml";

    private ChecksFile() {
    }

    /** The checks to run, or ({@code instead} not null) why there are none: no file or none listed, or a broken file. */
    public record Found(List<Check> checks, Outcome instead) {
        public boolean anyToRun() {
            return instead == null;
        }
    }

    /** What {@code file} gives to run, the same way on both runtimes: a missing or empty file checks nothing. */
    public static Found find(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Found(List.of(), Outcome.done("no " + FILE_NAME + " beside the buildspec: nothing to check"));
        }
        List<Check> checks;
        try {
            checks = read(file);
        } catch (AppConfigException e) {
            return new Found(List.of(), Outcome.failed(e.getMessage()));
        }
        return checks.isEmpty() ? new Found(checks, Outcome.done(FILE_NAME + " lists no check: nothing to check"))
                : new Found(checks, null);
    }

    /**
     * Reads and checks a checks file.
     *
     * @throws AppConfigException when it is not YAML or not checks this pipeline can run; the message names the file,
     *                            the check and the field
     */
    public static List<Check> read(Path file) {
        return ChecksParser.parse(ConfigFiles.readYaml(file), Fields.ofYaml(file.getFileName().toString()));
    }

    /** Parses checks text; {@code fileName} is what messages call it. */
    public static List<Check> parse(String yaml, String fileName) {
        return ChecksParser.parse(ConfigFiles.parseYaml(yaml, fileName), Fields.ofYaml(fileName));
    }
}
