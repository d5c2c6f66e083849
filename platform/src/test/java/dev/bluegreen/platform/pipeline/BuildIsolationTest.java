package dev.bluegreen.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.platform.control.Token;
import dev.bluegreen.platform.pipeline.build.BuildRunner;
import dev.bluegreen.platform.pipeline.build.BuildSandbox;
import dev.bluegreen.platform.pipeline.build.CheckRunner;
import dev.bluegreen.platform.pipeline.source.AppRepository;
import dev.bluegreen.platform.pipeline.source.IsolatedGit;
import dev.bluegreen.platform.pipeline.source.WorkingCopy;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit whose buildspec and checks try to approve its own build: they read the control token and the platform's
 * environment. The real pipeline builds and checks it from the real app repository with the real build and check
 * runners; neither its log nor its artifacts hold the token or a variable of the platform's own.
 */
@ExtendWith(IsolatedGit.class)
class BuildIsolationTest {

    /** What the platform's environment holds that no build may see, e.g. its cloud credentials. */
    private static final String SECRET = "AWS_SECRET_ACCESS_KEY";
    /** What a shell adds by itself. */
    private static final Set<String> SHELL_VARIABLES = Set.of("PWD", "SHLVL", "_", "OLDPWD");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Where the checks would find the test side: the command does not ask it. */
    private static final URI TEST_URL = URI.create("http://127.0.0.1:9");

    @TempDir
    Path dir;

    @Test
    void in_the_sandbox_a_build_reads_neither_the_token_by_any_path_nor_the_platforms_environment()
            throws Exception {
        Path dataDir = dir.resolve("data");
        Built built = build(dataDir, dataDir.resolve("work"), BuildRunner.Settings.detect(List.of(dataDir)), true);

        assertThat(built.log).contains("cat: ../../token: No such file or directory",
                "cat: " + dataDir.resolve("token") + ": No such file or directory");
        built.assertNoSecret();
    }

    @Test
    void unsandboxed_with_the_checkouts_outside_the_data_directory_a_build_still_reads_neither_the_token_by_a_relative_path_nor_the_platforms_environment()
            throws Exception {
        Path dataDir = dir.resolve("data");
        // what the platform's wiring does where bwrap cannot run
        Built built = build(dataDir, dir.resolve("checkouts"), new BuildRunner.Settings(
                BuildSandbox.unsandboxed("chosen by the test"), System.getenv(), BuildRunner.DEFAULT_LOG_CAP),
                false); // an absolute path reaches the token: only a sandbox hides it

        assertThat(built.log).contains("cat: ../../token: No such file or directory");
        built.assertNoSecret();
    }

    /** What a build of the evil commit left: its log and its artifacts, and what it must not have found. */
    private record Built(String log, String artifacts, String token, String secret, Set<String> variables) {

        void assertNoSecret() {
            assertThat(log).contains("the secret is [].").doesNotContain(token).doesNotContain(secret);
            assertThat(log).as("the check ran, where the build ran").contains("the check's secret is [].",
                    "TEST_URL=" + TEST_URL, "Check 'the token from a check' passed");
            assertThat(artifacts).contains("BLUEGREEN_TAG=").doesNotContain(token).doesNotContain(secret);
            assertThat(variables).as("the build's variables: an allow-list and the build's own")
                    .allMatch(name -> name.startsWith("LC_") || SHELL_VARIABLES.contains(name) || Set.of("PATH",
                            "LANG", "LANGUAGE", "TERM", "TZ", "HOME", "TMPDIR", "GREETING").contains(name)
                            || name.startsWith("CODEBUILD_") || name.startsWith("BLUEGREEN_"))
                    .contains("PATH", "HOME", "GREETING", "BLUEGREEN_TAG", "CODEBUILD_RESOLVED_SOURCE_VERSION");
        }
    }

    private Built build(Path dataDir, Path checkouts, BuildRunner.Settings settings, boolean absolutePath)
            throws Exception {
        String token = Token.loadOrCreate(Files.createDirectories(dataDir).resolve("token")).reveal();
        String secret = "s3cr3t-" + UUID.randomUUID();
        Map<String, String> platformEnvironment = new HashMap<>(System.getenv());
        platformEnvironment.put(SECRET, secret);
        try (PlatformStore store = PlatformStore.open(dataDir.resolve("platform.db"));
             AppRepository repository = AppRepository.openOrCreateFromSample(dataDir.resolve("app"));
             BuildRunner runner = new BuildRunner(settings.withEnvironment(platformEnvironment));
             Pipeline pipeline = new Pipeline(store, new GitSource(repository, AppRepository.SAMPLE_BRANCH),
                     new BuildspecBuilds(runner, dataDir.resolve("artifacts"), PATIENCE),
                     new AppChecks(new CheckRunner(settings.withEnvironment(platformEnvironment)), TEST_URL),
                     new FakeDeployments(),
                     dataDir, checkouts, new Pipeline.Settings(PipelineUnderTest.bake(PipelineUnderTest.SHORT_BAKE),
                     null, Duration.ofMillis(10)), new SimpleMeterRegistry(), Clock.systemUTC())) {
            try (WorkingCopy app = WorkingCopy.open(repository.dir())) {
                String absolute = absolutePath ? dataDir.resolve("token").toString() : "";
                app.write("buildspec.yml", evilBuildspec(absolute)).write("checks.yml", evilChecks(absolute))
                        .commit("Approve myself");
            }
            Outcome started = pipeline.start("HEAD", "mallory");
            long id = (Long) started.details().get("execution");
            Await.until("the evil build built, deployed and checked", PATIENCE,
                    () -> store.execution(id).orElseThrow().status() == ExecutionStatus.AWAITING_APPROVAL,
                    () -> store.execution(id).orElseThrow().describe() + "\n" + log(pipeline, id));
            String tag = store.execution(id).orElseThrow().tag();
            Path artifacts = dataDir.resolve("artifacts").resolve(tag);
            return new Built(log(pipeline, id), contents(artifacts), token, secret,
                    Files.readAllLines(artifacts.resolve("env.txt")).stream()
                            .filter(line -> line.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))
                            .map(line -> line.substring(0, line.indexOf('=')))
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    /**
     * The sample app's build, plus the ways to the token and the platform's environment a build might try.
     *
     * @param token the token's absolute path, or "" to try only the relative one
     */
    private static String evilBuildspec(String token) {
        return """
                version: 0.2
                env:
                  variables:
                    GREETING: hello
                phases:
                  build:
                    commands:
                      - mkdir -p out && cp taskdef.json out/
                      - cat ../../token %1$s || true
                      - cat ../../token %1$s > out/token.txt 2>&1 || true
                      - echo "the secret is [$%2$s]."
                      - env > out/env.txt
                      - env
                artifacts:
                  base-directory: out
                  files: ['**/*']
                """.formatted(token, SECRET);
    }

    /** A check command that tries the same ways. */
    private static String evilChecks(String token) {
        return """
                version: 1
                checks:
                  - name: the token from a check
                    command: cat ../../token %1$s || true; echo "the check's secret is [$%2$s]."; env
                """.formatted(token, SECRET);
    }

    private static String log(Pipeline pipeline, long id) {
        try (InputStream log = pipeline.buildLog(id).orElse(InputStream.nullInputStream())) {
            return new String(log.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contents(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        }
    }
}
