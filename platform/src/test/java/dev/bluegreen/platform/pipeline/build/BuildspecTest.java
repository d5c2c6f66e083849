package dev.bluegreen.platform.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.bluegreen.appconfig.AppConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildspecTest {

    private static Buildspec parse(String yaml) {
        return Buildspec.parse(yaml, "buildspec.yml");
    }

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(AppConfigException.class).hasMessage(message);
    }

    @Nested
    class Reads {

        @Test
        void a_codebuild_buildspec_with_variables_phases_and_artifacts() {
            Buildspec spec = parse("""
                    version: 0.2
                    env:
                      variables:
                        SITE: site
                        PAGES: 10
                        DEBUG: yes
                        RATIO: 1.10
                    phases:
                      install:
                        commands:
                          - echo install
                      build:
                        commands:
                          - sed -i "s/^x=.*/x=$BLUEGREEN_TAG/" site/site.properties
                          - echo built
                    artifacts:
                      files:
                        - site/**
                      base-directory: out
                      discard-paths: yes
                    """);
            assertThat(spec.variables()).containsExactly(
                    Map.entry("SITE", "site"), Map.entry("PAGES", "10"),
                    Map.entry("DEBUG", "yes"), Map.entry("RATIO", "1.10"));
            assertThat(spec.commands()).extracting(BuildCommand::toString).containsExactly(
                    "install: echo install",
                    "build: sed -i \"s/^x=.*/x=$BLUEGREEN_TAG/\" site/site.properties",
                    "build: echo built");
            assertThat(spec.artifacts()).isEqualTo(new Buildspec.Artifacts(
                    List.of("site/**"), "out", true));
        }

        @Test
        void phases_run_in_codebuild_order_whatever_the_order_in_the_file() {
            Buildspec spec = parse("""
                    version: "0.2"
                    phases:
                      post_build: {commands: [echo 4]}
                      build: {commands: [echo 3]}
                      pre_build: {commands: [echo 2]}
                      install: {commands: [echo 1]}
                    artifacts: {files: ["**/*"]}
                    """);
            assertThat(spec.commands()).extracting(BuildCommand::command)
                    .containsExactly("echo 1", "echo 2", "echo 3", "echo 4");
            assertThat(spec.commands(BuildPhase.PRE_BUILD)).containsExactly("echo 2");
        }

        @Test
        void optional_parts_have_codebuild_defaults_and_empty_phases_are_allowed() {
            Buildspec spec = parse("""
                    version: 0.2
                    phases:
                      install:
                      build:
                        commands: [make]
                    artifacts:
                      files: ["**/*"]
                    cache:
                      paths: ['/root/.m2/**/*']
                    """);
            assertThat(spec.variables()).isEmpty();
            assertThat(spec.artifacts().baseDirectory()).isEmpty();
            assertThat(spec.artifacts().discardPaths()).isFalse();
        }

        @Test
        void a_file_from_disk(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("buildspec.yml");
            Files.writeString(file, "version: 0.2\nphases: {build: {commands: [make]}}\nartifacts: {files: [a]}\n");
            assertThat(Buildspec.read(file).commands(BuildPhase.BUILD)).containsExactly("make");
        }
    }

    @Nested
    class Rejects {

        @Test
        void a_missing_file_saying_where_it_looked(@TempDir Path dir) {
            assertThatThrownBy(() -> Buildspec.read(dir.resolve("buildspec.yml")))
                    .isInstanceOf(AppConfigException.class)
                    .hasMessage("buildspec.yml: not found (looked for " + dir.resolve("buildspec.yml") + ")");
        }

        @Test
        void yaml_syntax_errors_with_the_line() {
            assertThatThrownBy(() -> parse("version: 0.2\nphases:\n  build:\n    commands: [make\nartifacts: x\n"))
                    .isInstanceOf(AppConfigException.class)
                    .hasMessageStartingWith("buildspec.yml: line 5, column 10: not valid YAML: expected ',' or ']'")
                    .hasMessageEndingWith("(while parsing a flow sequence that starts at line 4)");
            assertThatThrownBy(() -> parse("version: 0.2\nversion: 0.2\n"))
                    .hasMessage("buildspec.yml: line 2, column 8: 'version' is given twice");
        }

        @Test
        void an_empty_file_or_one_that_is_not_a_map() {
            assertRejected("# nothing yet\n",
                    "buildspec.yml: is empty; a buildspec needs at least 'version: 0.2' and phases with commands");
            assertRejected("- make\n", "buildspec.yml: must be a map with the keys version, env, phases, "
                    + "artifacts, got a list");
        }

        @Test
        void a_missing_or_other_version() {
            assertRejected("phases: {build: {commands: [make]}}\nartifacts: {files: [a]}\n",
                    "buildspec.yml: version is missing: start the file with 'version: 0.2'");
            assertRejected("version: 0.1\nphases: {build: {commands: [make]}}\nartifacts: {files: [a]}\n",
                    "buildspec.yml: version must be 0.2 (the buildspec version this pipeline runs), got the "
                            + "number 0.1");
        }

        @Test
        void unknown_top_level_keys_suggesting_the_right_one() {
            assertRejected("version: 0.2\nphase: {build: {commands: [make]}}\n",
                    "buildspec.yml: unknown key 'phase' (did you mean 'phases'?) (keys are version, env, phases, "
                            + "artifacts)");
        }

        @Test
        void unknown_phases() {
            assertRejected("version: 0.2\nphases: {biuld: {commands: [make]}}\nartifacts: {files: [a]}\n",
                    "buildspec.yml: unknown phase 'biuld' (did you mean 'build'?) (phases are install, pre_build, "
                            + "build, post_build)");
        }

        @Test
        void commands_that_are_not_a_list_of_strings() {
            assertRejected("version: 0.2\nphases: {build: {commands: {make: all}}}\nartifacts: {files: [a]}\n",
                    "buildspec.yml: phases.build.commands must be a list of commands (strings), got a map");
            assertRejected("version: 0.2\nphases: {build: {commands: make}}\nartifacts: {files: [a]}\n",
                    "buildspec.yml: phases.build.commands must be a list of commands (strings), got the string "
                            + "\"make\"");
            assertRejected("version: 0.2\nphases: {build: {commands: [[make]]}}\nartifacts: {files: [a]}\n",
                    "buildspec.yml: phases.build.commands[0] must be a command (a string), got a list");
        }

        @Test
        void an_unquoted_command_with_a_colon_which_yaml_reads_as_a_map() {
            assertRejected("""
                    version: 0.2
                    phases:
                      build:
                        commands:
                          - make
                          - echo version: 2
                    artifacts: {files: [a]}
                    """, "buildspec.yml: phases.build.commands[1] must be a command (a string), got a map "
                    + "(quote a command that contains ': ')");
        }

        @Test
        void phase_keys_other_than_commands() {
            assertRejected("version: 0.2\nphases: {build: {comands: [make]}}\nartifacts: {files: [a]}\n",
                    "buildspec.yml: phases.build.comands is not supported (did you mean 'commands'?) (a phase "
                            + "holds only commands)");
        }

        @Test
        void a_buildspec_without_any_command() {
            assertRejected("version: 0.2\nphases: {build: {commands: []}}\nartifacts: {files: [a]}\n",
                    "buildspec.yml: has no command to run: give a phase (install, pre_build, build, post_build) at "
                            + "least one, e.g. 'phases: {build: {commands: [\"./build.sh\"]}}'");
        }

        @Test
        void env_other_than_variables_and_bad_variables() {
            assertRejected("version: 0.2\nenv: {parameter-store: {A: /a}}\n",
                    "buildspec.yml: env.parameter-store is not supported by the local pipeline (env holds only "
                            + "variables)");
            assertRejected("version: 0.2\nenv: {variables: [A]}\n",
                    "buildspec.yml: env.variables must be a map of NAME: value, got a list");
            assertRejected("version: 0.2\nenv: {variables: {MY-VAR: 1}}\n",
                    "buildspec.yml: env.variables.MY-VAR: 'MY-VAR' is not a valid variable name (letters, digits "
                            + "and _, not starting with a digit)");
            assertRejected("version: 0.2\nenv: {variables: {A: {b: c}}}\n",
                    "buildspec.yml: env.variables.A must be a value (a string), got a map");
        }

        @Test
        void missing_or_malformed_artifacts() {
            String phases = "version: 0.2\nphases: {build: {commands: [make]}}\n";
            assertRejected(phases, "buildspec.yml: artifacts is missing: say which files the build publishes, "
                    + "e.g. 'artifacts: {files: [\"**/*\"]}'");
            assertRejected(phases + "artifacts: {base-directory: out}\n",
                    "buildspec.yml: artifacts.files is missing: list the files the build publishes, e.g. '**/*'");
            assertRejected(phases + "artifacts: {files: '**/*'}\n", "buildspec.yml: artifacts.files must be a "
                    + "list of file patterns such as '**/*' or 'site/**', got the string \"**/*\"");
            assertRejected(phases + "artifacts: {files: ['../secrets/**']}\n", "buildspec.yml: artifacts.files[0] "
                    + "must be a pattern relative to the base directory such as 'site/**', got '../secrets/**'");
            assertRejected(phases + "artifacts: {files: [a], base-directory: /etc}\n", "buildspec.yml: "
                    + "artifacts.base-directory must be a directory inside the source directory such as 'dist', "
                    + "got '/etc'");
            assertRejected(phases + "artifacts: {files: [a], discard-paths: maybe}\n",
                    "buildspec.yml: artifacts.discard-paths must be yes or no, got the string \"maybe\"");
            assertRejected(phases + "artifacts: {files: [a], name: site}\n",
                    "buildspec.yml: artifacts.name is not supported (artifacts has files, base-directory, "
                            + "discard-paths)");
        }
    }
}
