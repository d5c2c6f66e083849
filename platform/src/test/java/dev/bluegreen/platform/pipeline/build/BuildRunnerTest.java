package dev.bluegreen.platform.pipeline.build;

import static dev.bluegreen.platform.pipeline.build.BuildFixture.buildspec;
import static dev.bluegreen.platform.pipeline.build.BuildFixture.filesIn;
import static dev.bluegreen.platform.pipeline.build.BuildFixture.pidIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BuildRunnerTest {

    private static final String TAG = "b12-3f2a1c9";
    private static final String ALL_FILES = "files: ['**/*']";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    BuildFixture build;

    @BeforeEach
    void sampleApp() {
        build = new BuildFixture(dir)
                .write("site/site.properties", "heading=Movies\nversion.label=v1\n")
                .write("site/static/app.css", "body { color: #222; }\n");
    }

    @AfterEach
    void stopBuilds() {
        build.close();
    }

    @Test
    void a_build_that_stamps_the_site_with_its_tag_publishes_it_with_build_json() throws IOException {
        BuildResult result = build.run(buildspec(List.of(
                "sed -i \"s/^version.label=.*/version.label=$BLUEGREEN_TAG/\" site/site.properties",
                "echo \"stamped $BLUEGREEN_TAG\""), "files: ['site/**']"), TAG);

        assertThat(result.outcome()).isEqualTo(BuildOutcome.SUCCEEDED);
        Path published = build.artifacts.resolve(TAG);
        assertThat(result.artifactDir()).isEqualTo(published);
        assertThat(result.message()).isEqualTo("build " + TAG + " succeeded: 2 files in " + published);
        assertThat(filesIn(published)).containsExactly("build.json", "site/site.properties", "site/static/app.css");
        assertThat(Files.readString(published.resolve("site/site.properties")))
                .isEqualTo("heading=Movies\nversion.label=" + TAG + "\n");
        assertThat(new ObjectMapper().readTree(published.resolve("build.json").toFile()).toString())
                .isEqualTo("{\"tag\":\"" + TAG + "\"}");
        assertThat(build.artifactsRootEntries()).containsExactly(TAG);
        assertThat(build.logText()).contains(
                "[Container] Running command sed -i \"s/^version.label=.*/version.label=$BLUEGREEN_TAG/\" "
                        + "site/site.properties\n",
                "[Container] Running command echo \"stamped $BLUEGREEN_TAG\"\nstamped " + TAG + "\n");
        assertThat(result.outputTail()).contains("stamped " + TAG);
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void a_failing_command_fails_the_build_with_its_output_and_publishes_nothing() {
        String failing = "echo \"site.properties:3: missing heading\" >&2; exit 3";
        BuildResult result = build.run(buildspec(List.of("echo checking", failing, "touch ran-after-failure"),
                ALL_FILES), TAG);

        assertThat(result.outcome()).isEqualTo(BuildOutcome.FAILED);
        assertThat(result.message()).isEqualTo("command \"" + failing + "\" (phase build) failed with exit code 3");
        assertThat(result.failedCommand()).isEqualTo(new BuildCommand(BuildPhase.BUILD, failing));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.outputTail()).contains("checking", "site.properties:3: missing heading",
                "[Container] Command did not exit successfully " + failing + " exit status 3");
        assertThat(build.source.resolve("ran-after-failure")).doesNotExist();
        assertThat(result.artifactDir()).isNull();
        assertThat(build.artifactsRootEntries()).isEmpty();
    }

    @Test
    void without_a_sandbox_the_timeout_kills_the_command_and_its_children_quickly() {
        unsandboxed(); // the pids a command writes are this machine's only outside a sandbox
        BuildResult result = build.runner.run(build.request(buildspec(List.of(
                "echo $$ > shell.pid; sleep 60 & echo $! > child.pid; wait"), ALL_FILES), TAG, Duration.ofSeconds(1)));

        assertThat(result.outcome()).isEqualTo(BuildOutcome.TIMED_OUT);
        assertThat(result.message()).isEqualTo("build timed out after 1 s in command \"echo $$ > shell.pid; "
                + "sleep 60 & echo $! > child.pid; wait\" (phase build)");
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(5));
        assertThat(ProcessTree.isRunning(pidIn(build.source.resolve("shell.pid")))).isFalse();
        assertThat(ProcessTree.isRunning(pidIn(build.source.resolve("child.pid")))).isFalse();
        assertThat(build.artifactsRootEntries()).isEmpty();
    }

    @Test
    void without_a_sandbox_what_a_command_leaves_running_in_the_background_ends_with_the_build() {
        unsandboxed();
        BuildResult result = build.run(buildspec(List.of(
                "nohup sleep 60 >/dev/null 2>&1 & echo $! > server.pid", "echo next command"), ALL_FILES), TAG);

        assertThat(result.succeeded()).isTrue();
        assertThat(ProcessTree.isRunning(pidIn(build.source.resolve("server.pid")))).isFalse();
    }

    @Test
    void in_the_sandbox_cancelling_kills_the_command_and_what_it_started() throws Exception {
        String seconds = uniqueSeconds();
        RunningBuild running = build.start(buildspec(List.of("sleep " + seconds + " & echo started; wait"),
                ALL_FILES), TAG, Duration.ofSeconds(30));
        Await.until("the build's sleep runs", PATIENCE, () -> !sleeping(seconds).isEmpty());

        assertThat(running.cancel()).isTrue();

        assertThat(running.result().get(10, TimeUnit.SECONDS).outcome()).isEqualTo(BuildOutcome.CANCELLED);
        assertThat(sleeping(seconds)).isEmpty();
    }

    @Test
    void in_the_sandbox_what_a_command_leaves_running_ends_with_that_command() throws IOException {
        String seconds = uniqueSeconds();
        RunningBuild running = build.start(buildspec(List.of(
                "sleep " + seconds + " >/dev/null 2>&1 & until [ -e seen ]; do sleep 0.05; done",
                "until [ -e go ]; do sleep 0.05; done"), ALL_FILES), TAG, Duration.ofSeconds(30));
        Await.until("the first command's sleep runs", PATIENCE, () -> !sleeping(seconds).isEmpty());

        Files.createFile(build.source.resolve("seen"));

        Await.until("the first command's sleep ended with it", PATIENCE, () -> sleeping(seconds).isEmpty());
        assertThat(running.isDone()).as("the build goes on").isFalse();
        Files.createFile(build.source.resolve("go"));
        assertThat(running.await().succeeded()).isTrue();
    }

    @Test
    void a_build_that_prints_more_than_the_log_cap_keeps_the_cap_and_says_how_much_it_dropped() throws IOException {
        int cap = 64 * 1024;
        build.close();
        build = new BuildFixture(dir, new BuildRunner(BuildRunner.Settings.detect(List.of()).withLogCap(cap)));

        BuildResult result = build.run(buildspec(List.of("echo before", "head -c 300000 /dev/zero | tr '\\0' x",
                "echo after"), ALL_FILES), TAG);

        assertThat(result.succeeded()).isTrue();
        int printed = "before\n".length() + 300_000 + "after\n".length();
        String note = "[Container] Output over the log's cap of 64 KB dropped: " + (printed - cap) + " bytes";
        // a run of x written as x{length}, for a failure to be readable
        String log = Pattern.compile("x{100,}").matcher(build.logText())
                .replaceAll(run -> "x{" + run.group().length() + "}");
        assertThat(log).startsWith("[Container] Build " + TAG).contains("\nbefore\n[Container] Running command head"
                + " -c 300000 /dev/zero | tr '\\0' x\nx{" + (cap - "before\n".length()) + "}\n[Container] Running "
                + "command echo after\n").endsWith(note + "\n").doesNotContain("\nafter\n");
        assertThat(Files.size(build.log)).as("the cap and a few lines of ours").isBetween((long) cap, cap + 2048L);
        assertThat(result.outputTail()).last().isEqualTo(note);
    }

    @Test
    void cancel_stops_a_running_build_and_publishes_nothing() throws Exception {
        RunningBuild running = build.start(buildspec(List.of("echo started; sleep 60"), ALL_FILES), TAG,
                Duration.ofSeconds(30));
        awaitLog("started");

        assertThat(running.cancel()).isTrue();
        BuildResult result = running.result().get(5, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(BuildOutcome.CANCELLED);
        assertThat(result.message()).isEqualTo("build cancelled in command \"echo started; sleep 60\" (phase build)");
        assertThat(build.artifactsRootEntries()).isEmpty();
        assertThat(running.cancel()).as("too late: it has ended").isFalse();
    }

    @Test
    void cancelling_a_finished_build_changes_nothing() {
        RunningBuild finished = build.start(buildspec(List.of("true"), ALL_FILES), TAG, Duration.ofSeconds(30));
        BuildResult result = finished.await();

        assertThat(finished.cancel()).isFalse();
        assertThat(result.succeeded()).isTrue();
        assertThat(build.artifacts.resolve(TAG).resolve("build.json")).exists();
    }

    @Test
    void closing_the_runner_cancels_its_builds() throws Exception {
        RunningBuild running = build.start(buildspec(List.of("echo started; sleep 60"), ALL_FILES), TAG,
                Duration.ofSeconds(30));
        awaitLog("started");

        build.runner.close();

        assertThat(running.isDone()).isTrue();
        assertThat(running.await().outcome()).isEqualTo(BuildOutcome.CANCELLED);
    }

    @Test
    void commands_see_the_buildspec_variables_and_the_build_identity() throws IOException {
        String spec = """
                version: 0.2
                env:
                  variables:
                    GREETING: hello world
                    BLUEGREEN_TAG: not-this-one
                phases:
                  build:
                    commands:
                      - printf '%s\\n' "$GREETING" "$BLUEGREEN_TAG" "$BLUEGREEN_COMMIT" > env.txt
                      - printf '%s\\n' "$CODEBUILD_BUILD_ID" "$CODEBUILD_RESOLVED_SOURCE_VERSION" "$PWD" >> env.txt
                      - printf '%s\\n' "${HOME:+home is set}" >> env.txt
                artifacts:
                  files: [env.txt]
                """;
        BuildResult result = build.run(spec, TAG);

        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readAllLines(result.artifactDir().resolve("env.txt"))).containsExactly("hello world", TAG,
                BuildFixture.COMMIT, TAG, BuildFixture.COMMIT, build.source.toString(), "home is set");
    }

    @Test
    void a_tag_that_was_already_built_is_refused_before_running_anything() throws IOException {
        assertThat(build.run(buildspec(List.of("true"), ALL_FILES), TAG).succeeded()).isTrue();

        BuildResult again = build.run(buildspec(List.of("touch ran-again"), ALL_FILES), TAG);

        assertThat(again.outcome()).isEqualTo(BuildOutcome.FAILED);
        assertThat(again.message()).isEqualTo("artifacts for tag " + TAG + " already exist at "
                + build.artifacts.resolve(TAG) + "; every build needs a new tag");
        assertThat(build.source.resolve("ran-again")).doesNotExist();
        assertThat(build.artifacts.resolve(TAG).resolve("build.json")).exists();
    }

    @Test
    void a_build_that_produces_nothing_to_publish_fails_clearly() {
        BuildResult result = build.run(buildspec(List.of("true"), "files: ['dist/**', '*.zip']"), TAG);

        assertThat(result.outcome()).isEqualTo(BuildOutcome.FAILED);
        assertThat(result.message()).isEqualTo("no file matches artifacts.files ['dist/**', '*.zip'] in the source "
                + "directory: the build produced nothing to deploy");
        assertThat(result.outputTail()).last().asString().startsWith("[Container] Build failed: no file matches");
        assertThat(build.artifactsRootEntries()).isEmpty();
    }

    @Test
    void the_log_keeps_earlier_builds_but_a_result_shows_only_its_own_last_lines() {
        build.run(buildspec(List.of("echo first build"), ALL_FILES), "b1-aaaaaaa");
        BuildResult second = build.run(buildspec(List.of("seq 1 100"), ALL_FILES), "b2-bbbbbbb");

        assertThat(build.logText()).contains("first build", "\n100\n");
        assertThat(second.outputTail()).hasSize(BuildRunner.TAIL_LINES)
                .contains("100").doesNotContain("first build", "80");
        assertThat(second.logFile()).isEqualTo(build.log);
    }

    @Test
    void phases_run_in_order_and_stop_at_the_first_failure() {
        String spec = """
                version: 0.2
                phases:
                  post_build: {commands: ['echo post >> order.txt']}
                  build: {commands: ['echo build >> order.txt', 'false']}
                  install: {commands: ['echo install >> order.txt']}
                artifacts: {files: ['**/*']}
                """;
        BuildResult result = build.run(spec, TAG);

        assertThat(result.failedCommand()).isEqualTo(new BuildCommand(BuildPhase.BUILD, "false"));
        assertThat(build.source.resolve("order.txt")).hasContent("install\nbuild");
    }

    @Test
    void a_missing_source_directory_fails_the_build_saying_so() {
        Path missing = dir.resolve("no-checkout");
        BuildRequest request = new BuildRequest(missing, Buildspec.parse(buildspec(List.of("true"), ALL_FILES),
                "buildspec.yml"), TAG, BuildFixture.COMMIT, build.artifacts, build.log, Duration.ofSeconds(5));

        BuildResult result = build.runner.run(request);

        assertThat(result.outcome()).isEqualTo(BuildOutcome.FAILED);
        assertThat(result.message()).isEqualTo("the source directory " + missing + " does not exist");
    }

    /** This test's builds run outside a sandbox, as where bwrap cannot run. */
    private void unsandboxed() {
        build.close();
        build = new BuildFixture(dir, new BuildRunner(new BuildRunner.Settings(
                BuildSandbox.unsandboxed("chosen by the test"), System.getenv(), BuildRunner.DEFAULT_LOG_CAP)));
    }

    /** A duration no other sleep on this machine has: what finds a build's processes from outside its sandbox. */
    private static String uniqueSeconds() {
        return "600." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    }

    /** The running {@code sleep <seconds>} processes, as this machine sees them. */
    private static List<ProcessHandle> sleeping(String seconds) {
        return ProcessHandle.allProcesses().filter(process -> ProcessTree.isRunning(process.pid())
                && process.info().command().orElse("").endsWith("/sleep")
                && Arrays.equals(process.info().arguments().orElse(null), new String[] {seconds})).toList();
    }

    private void awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(build.log) && build.logText().contains(text))) {
            assertThat(System.nanoTime()).as("the log shows '%s' within 10 s", text).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
