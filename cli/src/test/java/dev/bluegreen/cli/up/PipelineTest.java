package dev.bluegreen.cli.up;

import static dev.bluegreen.cli.up.RunningUp.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.Cli;
import dev.bluegreen.testing.Promtool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's demo and its failure cases, as a user lives them: commits with the real git command to the app
 * repository that {@code up} created, the pipeline building, deploying and checking them (the sample app's own
 * checks, against the test listener), approvals with the CLI.
 */
class PipelineTest {

    /** What each connection of a load waits after each answer, while a release goes through its canary. */
    private static final Duration PACE = Duration.ofMillis(25);

    /** The build runner's default cap on a build's log. */
    private static final int CAP = 10 * 1024 * 1024;

    @TempDir
    Path dir;

    private Path app;
    private long seen;

    @Test
    void commit_build_deploy_to_test_approve_bake_and_roll_back_with_every_failure_case_on_the_way()
            throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        try (RunningUp up = new RunningUp(dir).withEnvironment(Map.of("AWS_SECRET_ACCESS_KEY", secret))
                .start("--bake-window", "3000", "--deploy-timeout", "20000")) {
            app = up.dataDir.resolve("app");
            assertThat(app.resolve("site/site.properties")).exists();
            assertThat(up.output).noneMatch(line -> line.contains("builds are not isolated"));
            assertThat(up.cli("executions").out()).contains("No executions yet");

            // a build command that fails: the build stage fails with its output; nothing is deployed. Before, the
            // build tries to read the control token and the platform's environment, and prints more than its log
            // keeps.
            edit("buildspec.yml", text -> text.replace("commands:\n", "commands:\n"
                    + "      - cat ../../token " + up.dataDir.resolve("token")
                    + "; echo \"secret=[$AWS_SECRET_ACCESS_KEY]\"\n"
                    + "      - head -c 11000000 /dev/zero | tr \"\\0\" x\n"
                    + "      - echo broken on purpose && exit 3\n"));
            commit("A broken build");
            JsonNode broken = awaitNew(up, "FAILED");
            assertThat(stage(broken, "BUILD").path("status").asText()).isEqualTo("FAILED");
            assertThat(stage(broken, "BUILD").path("message").asText()).contains("exit code 3")
                    .contains("broken on purpose");
            Cli.Result log = up.cli("executions", "--log", broken.path("id").asText());
            assertThat(log.exitCode()).as(log.err()).isZero();
            assertThat(log.out()).contains("broken on purpose", "../../token: No such file or directory", "secret=[]")
                    .doesNotContain(up.token()).doesNotContain(secret)
                    .containsPattern("\\[Container] Output over the log's cap of 10 MB dropped: [0-9]+ bytes\n$");
            assertThat(log.out().length()).as("the log's size").isBetween(CAP, CAP + 4096);
            HttpResponse<String> streamed = RunningUp.get(up.control, "/api/executions/" + broken.path("id").asText()
                    + "/log");
            assertThat(streamed.headers().firstValue("Transfer-Encoding")).as("streamed, not buffered whole")
                    .contains("chunked");
            assertThat(streamed.body()).isEqualTo(log.out());
            assertThat(RunningUp.side(up.test)).isEqualTo("green");
            git("revert", "--no-edit", "HEAD");
            JsonNode reverted = awaitNew(up, "AWAITING_APPROVAL");

            // the seed's demo: a new background colour reaches the test listener, not production
            edit("site/site.properties", text -> text.replace("colour.name=blue", "colour.name=green")
                    .replaceAll("colour.background=#[0-9a-fA-F]+", "colour.background=#20E941"));
            commit("Green background");
            JsonNode green = awaitNew(up, "AWAITING_APPROVAL");
            assertThat(green.path("id").asLong()).isGreaterThan(reverted.path("id").asLong());
            JsonNode superseded = execution(up, reverted.path("id").asLong());
            assertThat(superseded.path("status").asText()).isEqualTo("SUPERSEDED");
            Cli.Result late = up.cli("approve", superseded.path("id").asText());
            assertThat(late.exitCode()).isEqualTo(1);
            assertThat(late.err()).contains("superseded");

            String tag = green.path("tag").asText();
            assertThat(stage(green, "CHECK").path("message").asText()).startsWith("3 checks passed on the test side: "
                    + "'the home page offers the searches' (").contains("'a year search finds Casablanca' (",
                    "'/version names this build' (");
            JsonNode test = version(up.test);
            assertThat(test.path("label").asText()).isEqualTo(tag);
            assertThat(test.path("colour").asText()).isEqualTo("green");
            assertThat(version(up.prod).path("label").asText()).isEqualTo("built-in");

            // production runs 2 web tasks; the build under review was deployed at production's count, so that the
            // approval moves production at once
            assertThat(up.service("web-blue").path("desiredCount").asInt()).isEqualTo(2);
            assertThat(up.service("web-green").path("runningCount").asInt()).as("deployed at full size").isEqualTo(2);

            // approve: production serves it (through the sample app's canary), the bake passes, and the side
            // production left idles
            // a bounded load: the canary compares the sides' p99, which a saturated machine makes a queue's
            try (Load load = new Load(URI.create("http://127.0.0.1:" + up.prod + "/version"), 6, PACE)) {
                Cli.Result approve = up.cli("approve");
                assertThat(approve.exitCode()).as(approve.err()).isZero();
                await("production serves " + tag, Duration.ofSeconds(30),
                        () -> tag.equals(version(up.prod).path("label").asText()));
                assertThat(up.service("web-green").path("runningCount").asInt()).as("at full size").isEqualTo(2);
                JsonNode done = awaitExecution(up, green.path("id").asLong(), "SUCCEEDED");
                assertThat(done.path("approvedBy").asText()).isNotBlank();
                assertThat(stage(done, "BAKE").path("message").asText()).contains("web-blue: 2 -> 1 task(s)");
                load.close();
                assertThat(load.failures()).isEmpty();
            }
            await("the side production left idles", Duration.ofSeconds(30),
                    () -> up.service("web-blue").path("tasks").size() == 1);

            // rollback: the old version is still running on the test side, scaled up again before it serves
            Cli.Result rollback = up.cli("rollback");
            assertThat(rollback.exitCode()).as(rollback.err()).isZero();
            assertThat(version(up.prod).path("label").asText()).isEqualTo("built-in");
            assertThat(up.service("web-blue").path("runningCount").asInt()).isEqualTo(2);
            assertThat(up.cli("flip").exitCode()).isZero();
            assertThat(version(up.prod).path("label").asText()).isEqualTo(tag);

            // a build whose tasks never pass their health check: the deploy fails, production is untouched
            edit("taskdef.json", text -> text.replace("/health", "/no-such-health-path"));
            commit("Unhealthy release");
            JsonNode unhealthy = awaitNew(up, "FAILED");
            assertThat(stage(unhealthy, "DEPLOY").path("message").asText()).contains("health checks");
            Cli.Result refused = up.cli("approve", unhealthy.path("id").asText());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(version(up.prod).path("label").asText()).isEqualTo(tag);
            git("revert", "--no-edit", "HEAD");
            awaitNew(up, "AWAITING_APPROVAL");

            // a release that cannot reach the API fails its checks: it never reaches review, production is untouched
            edit("taskdef.json", text -> text.replace("\"${API_URL}\"", "\"http://127.0.0.1:1\""));
            edit("checks.yml", text -> text + SMOKE_CHECK);
            commit("Release that cannot reach the API");
            JsonNode unchecked = awaitNew(up, "FAILED");
            String checkFailure = stage(unchecked, "CHECK").path("message").asText();
            assertThat(checkFailure).startsWith("1 of 4 checks failed on the test side: 'a year search finds "
                    + "Casablanca'\na year search finds Casablanca: GET /year?year=1942 answered 50");
            assertThat(stage(unchecked, "REVIEW").path("status").asText()).isEqualTo("SKIPPED");
            assertThat(up.cli("approve", unchecked.path("id").asText()).exitCode()).isEqualTo(1);
            assertThat(version(up.prod).path("label").asText()).isEqualTo(tag);
            assertThat(up.cli("executions", "--limit", "1").out()).contains("CHECK   FAILED     1 of 4 checks failed")
                    .contains("                           a year search finds Casablanca: GET /year?year=1942");
            assertThat(up.cli("executions", "--log", unchecked.path("id").asText()).out())
                    .contains("[Container] Check 'smoke: /version over bash' passed: the command exited 0",
                            "[Container] Check 'a year search finds Casablanca' FAILED: GET /year?year=1942");

            // the same release with that check removed, released all at once rather than through the app's canary
            // (CanaryTest rolls such a build back at its canary's step): it answers 5xx in production, rolled back
            // during the bake
            edit("checks.yml", text -> text.replaceAll("(?s)  - name: a year search.*?contains: Casablanca\n", ""));
            commit("Release that cannot reach the API, unchecked");
            JsonNode bad = awaitNew(up, "AWAITING_APPROVAL");
            try (Load load = new Load(URI.create("http://127.0.0.1:" + up.prod + "/year?year=2000"), 4)) {
                assertThat(up.cli("approve", "--strategy", "all-at-once").exitCode()).isZero();
                JsonNode rolledBack = awaitExecution(up, bad.path("id").asLong(), "ROLLED_BACK");
                assertThat(rolledBack.path("id").asLong()).isEqualTo(bad.path("id").asLong());
                assertThat(stage(rolledBack, "BAKE").path("message").asText()).contains("5xx");
            }
            assertThat(version(up.prod).path("label").asText()).isEqualTo(tag);
            assertThat(up.status().path("events").toString()).contains("pipeline-auto-rollback");
            assertThat(up.cli("status").out()).contains("Pipeline").contains(bad.path("tag").asText() + " ")
                    .contains("ROLLED_BACK");
            String metrics = RunningUp.get(up.control, "/metrics").body();
            assertThat(metrics).contains("bluegreen_pipeline_executions_total{").contains("outcome=\"succeeded\"")
                    .contains("outcome=\"rolled_back\"").contains("outcome=\"superseded\"")
                    .contains("bluegreen_pipeline_auto_rollbacks_total")
                    .contains("bluegreen_pipeline_stage_duration_seconds_count{")
                    .contains("stage=\"check\"").contains("bluegreen_routing_changes_total{");
            // every /metrics there is, with what this run put in them, passes Prometheus's own check
            for (int port : List.of(up.control, up.prod, up.api)) {
                Promtool.Verdict verdict = Promtool.check(RunningUp.get(port, "/metrics").body());
                assertThat(verdict.passes()).as("/metrics on port " + port + ": " + verdict.output()).isTrue();
            }
        }
    }

    @Test
    void an_app_repository_of_ones_own_is_built_checked_and_deployed_to_both_sides_on_the_first_start()
            throws Exception {
        app = Files.createDirectories(dir.resolve("my-app"));
        copy(Path.of("..", "sample-app"), app);
        edit("site/site.properties", text -> text.replace("heading=Movies Database", "heading=My Movies"));
        git("init", "-q", "-b", "main");
        git("add", "-A");
        commit("My movies");

        try (RunningUp up = new RunningUp(dir).start("--app-repo", app.toString(), "--bake-window", "2000",
                "--deploy-timeout", "60000")) {
            assertThat(up.output).anySatisfy(line -> assertThat(line).contains(app.toString())
                    .contains("its head is being built, checked and deployed to both sides"));
            try (Load load = new Load(URI.create("http://127.0.0.1:" + up.prod + "/version"), 4, PACE)) {
                JsonNode first = awaitExecution(up, 1, "SUCCEEDED");
                load.close();
                assertThat(load.failures()).as("production served throughout").isEmpty();
                String tag = first.path("tag").asText();
                assertThat(first.path("firstRun").asBoolean()).isTrue();
                assertThat(first.path("approvedBy").isNull()).as("nobody was asked").isTrue();
                assertThat(stage(first, "CHECK").path("message").asText()).startsWith("3 checks passed");
                assertThat(stage(first, "REVIEW").path("status").asText()).isEqualTo("SKIPPED");
                assertThat(up.cli("executions").out()).contains("#1    " + tag).contains("SUCCEEDED")
                        .contains("REVIEW  SKIPPED    no review on the first run");
                assertThat(stage(first, "BAKE").path("message").asText()).contains("first run: " + tag
                        + " deployed to");
                assertThat(version(up.prod).path("label").asText()).isEqualTo(tag);
                assertThat(version(up.test).path("label").asText()).as("both sides run it").isEqualTo(tag);
                assertThat(RunningUp.get(up.prod, "/").body()).contains("My Movies");
                assertThat(up.service("web-" + RunningUp.side(up.prod)).path("desiredCount").asInt()).isEqualTo(2);
                assertThat(up.service("web-" + RunningUp.side(up.test)).path("desiredCount").asInt()).isEqualTo(1);
            }
            seen = 1;

            // every release after it goes through review
            edit("site/site.properties", text -> text.replace("heading=My Movies", "heading=My Movies, again"));
            commit("New heading");
            JsonNode second = awaitNew(up, "AWAITING_APPROVAL");
            assertThat(second.path("firstRun").asBoolean()).isFalse();
            assertThat(RunningUp.get(up.test, "/").body()).contains("My Movies, again");
            assertThat(RunningUp.get(up.prod, "/").body()).doesNotContain("My Movies, again");
        }
    }

    @Test
    void a_review_survives_kill_9_of_the_platform_and_bad_requests_are_explained() throws Exception {
        // the first platform runs where bwrap cannot (a container without user namespaces)
        Path noNamespaces = Files.createDirectories(dir.resolve("no-namespaces"));
        Files.writeString(noNamespaces.resolve("bwrap"), "#!/bin/sh\necho 'bwrap: No permissions to create new "
                + "namespace, likely because the kernel does not allow non-privileged user namespaces.' >&2\nexit 1\n");
        Files.setPosixFilePermissions(noNamespaces.resolve("bwrap"), PosixFilePermissions.fromString("rwx------"));
        RunningUp first = new RunningUp(dir)
                .withEnvironment(Map.of("PATH", noNamespaces + ":" + System.getenv("PATH"))).start();
        JsonNode waiting;
        try {
            assertThat(first.output).filteredOn(line -> line.contains("builds are not isolated")).singleElement()
                    .asString().contains("No permissions to create new namespace").contains("install bubblewrap");
            app = first.dataDir.resolve("app");
            // two quick commits: the first, still building, is superseded and its build stopped
            edit("buildspec.yml", text -> text.replace("commands:\n", "commands:\n      - sleep 30\n"));
            commit("A slow build");
            JsonNode slow = awaitNew(first, "RUNNING");
            await("the slow build is building", Duration.ofSeconds(30),
                    () -> "BUILD".equals(execution(first, slow.path("id").asLong()).path("stage").asText()));
            git("revert", "--no-edit", "HEAD");
            edit("site/site.properties", text -> text.replace("heading=Movies Database", "heading=Movies, again"));
            commit("New heading");
            waiting = awaitNew(first, "AWAITING_APPROVAL");
            JsonNode stopped = execution(first, slow.path("id").asLong());
            assertThat(stopped.path("status").asText()).isEqualTo("SUPERSEDED");
            assertThat(stage(stopped, "BUILD").path("status").asText()).isEqualTo("CANCELLED");
            Cli.Result tooLate = first.cli("approve", slow.path("id").asText());
            assertThat(tooLate.exitCode()).isEqualTo(1);
            assertThat(tooLate.err()).contains("superseded");
            first.process.destroyForcibly();
            first.process.waitFor(10, TimeUnit.SECONDS);
        } finally {
            first.close();
        }
        try (RunningUp again = new RunningUp(dir).start()) {
            JsonNode still = execution(again, waiting.path("id").asLong());
            assertThat(still.path("status").asText()).isEqualTo("AWAITING_APPROVAL");
            assertThat(again.post("/api/executions/" + waiting.path("id").asText() + "/approve", "wrong",
                    "{\"tag\": \"" + waiting.path("tag").asText() + "\"}").statusCode()).isEqualTo(401);
            assertThat(again.post("/api/executions/" + waiting.path("id").asText() + "/approve", again.token(),
                    "{\"tag\": \"b999-0000000\"}").body()).contains("approve what you reviewed");
            Cli.Result unknown = again.cli("approve", "999");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("there is no execution #999");
            Cli.Result noLog = again.cli("executions", "--log", "999");
            assertThat(noLog.exitCode()).isEqualTo(1);
            assertThat(noLog.err()).contains("execution #999 has no build log (yet)");
            assertThat(again.cli("reject", "--reason", "not today").exitCode()).isZero();
            Cli.Result nothing = again.cli("approve");
            assertThat(nothing.exitCode()).isEqualTo(1);
            assertThat(nothing.err()).contains("no execution is waiting for review");

            edit("buildspec.yml", text -> text.replace("phases:", "phases:\n  biuld:\n    commands: [\"true\"]"));
            commit("Typo in the buildspec");
            JsonNode typo = awaitNew(again, "FAILED");
            assertThat(stage(typo, "BUILD").path("message").asText()).contains("biuld");
        }
    }

    /** A check that asks the test side itself, with bash alone: what a command check of the app's may do. */
    private static final String SMOKE_CHECK = """
              - name: "smoke: /version over bash"
                command: |
                  hostport=${TEST_URL#http://}
                  exec 3<>/dev/tcp/${hostport%:*}/${hostport##*:}
                  printf 'GET /version HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' "$hostport" >&3
                  grep -q "\\"label\\":\\"$BLUEGREEN_TAG\\"" <&3
            """;

    private interface Edit {
        String apply(String text);
    }

    private void edit(String file, Edit edit) throws IOException {
        Path path = app.resolve(file);
        Files.writeString(path, edit.apply(Files.readString(path, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    private void commit(String message) throws Exception {
        git("commit", "-am", message);
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Ada", "-c", "user.email=ada@example.com"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("xdg").toString(),
                "GIT_CONFIG_NOSYSTEM", "1"));
        Process git = builder.start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git " + String.join(" ", args) + ": " + out).isZero();
    }

    private static JsonNode version(int port) throws Exception {
        return RunningUp.JSON.readTree(RunningUp.get(port, "/version").body());
    }

    private static JsonNode execution(RunningUp up, long id) throws Exception {
        return RunningUp.JSON.readTree(RunningUp.get(up.control, "/api/executions/" + id).body());
    }

    private static JsonNode newest(RunningUp up) throws Exception {
        JsonNode all = RunningUp.JSON.readTree(RunningUp.get(up.control, "/api/executions?limit=1").body());
        return all.isEmpty() ? null : all.get(0);
    }

    /** Waits for the execution of the latest commit (newer than any seen so far) to reach this status. */
    private JsonNode awaitNew(RunningUp up, String status) throws Exception {
        JsonNode[] found = new JsonNode[1];
        long after = seen;
        try {
            await("a new execution is " + status, Duration.ofSeconds(90), () -> {
                found[0] = newest(up);
                return found[0] != null && found[0].path("id").asLong() > after
                        && status.equals(found[0].path("status").asText());
            });
        } catch (AssertionError e) {
            throw new AssertionError("no new execution is " + status + "; the newest: " + found[0], e);
        }
        seen = found[0].path("id").asLong();
        return found[0];
    }

    private static JsonNode awaitExecution(RunningUp up, long id, String status) throws Exception {
        JsonNode[] found = new JsonNode[1];
        try {
            await("execution #" + id + " is " + status, Duration.ofSeconds(90), () -> {
                found[0] = execution(up, id);
                String now = found[0].path("status").asText();
                if (!now.equals(status) && List.of("SUCCEEDED", "FAILED", "REJECTED", "SUPERSEDED", "ROLLED_BACK",
                        "INTERRUPTED").contains(now)) {
                    throw new IllegalStateException("ended " + now);
                }
                return status.equals(now);
            });
        } catch (AssertionError | IllegalStateException e) {
            throw new AssertionError("execution #" + id + " is not " + status + ": " + found[0], e);
        }
        return found[0];
    }

    private static JsonNode stage(JsonNode execution, String name) {
        for (JsonNode stage : execution.path("stages")) {
            if (stage.path("stage").asText().equals(name)) {
                return stage;
            }
        }
        throw new AssertionError("no stage " + name + " in " + execution);
    }
}
