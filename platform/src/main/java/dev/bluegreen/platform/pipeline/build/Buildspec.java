package dev.bluegreen.platform.pipeline.build;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.appconfig.ConfigFiles;
import dev.bluegreen.appconfig.Fields;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An app's {@code buildspec.yml}, in AWS CodeBuild's shape (version 0.2), reduced to what a local build uses: the
 * environment variables, the commands of the phases install, pre_build, build and post_build in the order they run,
 * and which files are the build's artifacts.
 *
 * <pre>
 * version: 0.2
 * env:
 *   variables:
 *     SITE_DIR: site
 * phases:
 *   build:
 *     commands:
 *       - sed -i "s|^version.label=.*|version.label=$BLUEGREEN_TAG|" site/site.properties
 * artifacts:
 *   files:
 *     - site/**
 *   discard-paths: no
 * </pre>
 *
 * @param variables {@code env.variables}, in the file's order
 * @param commands  every command of every phase, in the order they run (at least one)
 * @param artifacts {@code artifacts}
 */
public record Buildspec(Map<String, String> variables, List<BuildCommand> commands, Artifacts artifacts) {

    /** The usual name of the file at the root of an app repository. */
    public static final String FILE_NAME = "buildspec.yml";

    public Buildspec {
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        commands = List.copyOf(commands);
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a buildspec needs at least one command");
        }
        Objects.requireNonNull(artifacts, "artifacts");
    }

    /**
     * Reads and checks a buildspec file.
     *
     * @throws AppConfigException when it is missing, not YAML, or not a buildspec this pipeline can run; the
     *                            message names the file and the field
     */
    public static Buildspec read(Path file) {
        return BuildspecParser.parse(ConfigFiles.readYaml(file), Fields.ofYaml(file.getFileName().toString()));
    }

    /** Parses buildspec text; {@code fileName} is what messages call it. */
    public static Buildspec parse(String yaml, String fileName) {
        return BuildspecParser.parse(ConfigFiles.parseYaml(yaml, fileName), Fields.ofYaml(fileName));
    }

    /** The commands of one phase, in order. */
    public List<String> commands(BuildPhase phase) {
        return commands.stream().filter(c -> c.phase() == phase).map(BuildCommand::command).toList();
    }

    /**
     * Which files a build publishes.
     *
     * @param files         glob patterns relative to {@code baseDirectory}, as in CodeBuild: {@code **} stands for
     *                      any number of directories (so <code>**&#47;*</code> is every file, at any depth),
     *                      {@code *} and {@code ?} for characters within a name; a pattern ending in {@code /} means
     *                      everything below
     * @param baseDirectory the directory, relative to the source directory, that patterns and kept paths start from;
     *                      empty for the source directory itself
     * @param discardPaths  {@code true} to put every file directly in the artifact directory
     */
    public record Artifacts(List<String> files, String baseDirectory, boolean discardPaths) {

        public Artifacts {
            files = List.copyOf(files);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("artifacts need at least one file pattern");
            }
            baseDirectory = baseDirectory == null ? "" : baseDirectory;
        }
    }
}
