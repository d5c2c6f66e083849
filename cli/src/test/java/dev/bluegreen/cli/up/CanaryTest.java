package dev.bluegreen.cli.up;

import static dev.bluegreen.cli.up.RunningUp.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.Cli;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample app's demo through its canary ({@code release.yml}: 20 % for 10 s, then all of production), as a user
 * lives it: real commits, the real pipeline, the real load balancer and tasks, {@code up} and the CLI, a small
 * bounded load on production. A good build goes through its step and bakes without a failed request; an approval
 * may release all at once instead; a person's rollback mid-canary ends it; a build whose new side answers 5xx rolls
 * itself back at its step; a platform killed mid-canary resumes the step at the same weights.
 */
class CanaryTest {

    /** Four connections, each pausing after every answer: about a hundred requests a second, not a flood. */
    private static final Duration PACE = Duration.ofMillis(25);
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private Path app;
    private long seen;

    @Test
    void releases_go_through_the_canary_step_judged_overridden_rolled_back_by_hand_or_by_their_errors()
            throws Exception {
        try (RunningUp up = new RunningUp(dir).start("--bake-window", "2000", "--deploy-timeout", "30000")) {
            app = up.dataDir.resolve("app");

            // (a) a good build: 20 % of production for the step, judged against the old side, then all of it
            edit("site/site.properties", text -> text.replace("colour.name=blue", "colour.name=green")
                    .replaceAll("colour.background=#[0-9a-fA-F]+", "colour.background=#20E941"));
            commit("Green background");
            JsonNode green = awaitNew(up, "AWAITING_APPROVAL");
            String tag = green.path("tag").asText();
            assertThat(green.path("release").path("strategy").asText()).isEqualTo("canary:20%:10s");
            assertThat(green.path("release").path("chosenBy").asText()).isEqualTo("release.yml");
            assertThat(green.path("checks")).extracting(check -> check.path("passed").asBoolean())
                    .as("each check's result").containsExactly(true, true, true);
            try (Load load = new Load(URI.create("http://127.0.0.1:" + up.prod + "/version"), 4, PACE)) {
                load.awaitMore(50);
                Cli.Result approve = up.cli("approve");
                assertThat(approve.exitCode()).as(approve.err()).isZero();
                assertThat(approve.out()).contains("goes to production, canary: 20 % for 10s, then 100 %");
                awaitStepRunning(up, green);
                assertThat(weights(up)).containsExactly(Map.entry("blue", 80), Map.entry("green", 20));
                assertThat(up.cli("executions", "--limit", "1").out()).contains("release canary: 20 % for 10s, "
                        + "then 100 % (release.yml)").contains("20 %  RUNNING");
                JsonNode done = awaitExecution(up, green.path("id").asLong(), "SUCCEEDED");
                load.close();
                assertThat(load.failures()).as("no failed request through the canary").isEmpty();
                assertThat(load.sides()).containsOnlyKeys("blue", "green");
                JsonNode steps = done.path("release").path("steps");
                assertThat(steps).extracting(step -> step.path("percent").asInt() + " " + step.path("result")
                        .asText()).containsExactly("20 PASSED", "100 PROMOTED");
                assertThat(steps.get(0).path("note").asText()).matches("new side \\d+ requests, 0\\.0 % 5xx, p99 "
                        + "\\d+ ms; old side \\d+ requests, 0\\.0 % 5xx, p99 \\d+ ms");
            }
            assertThat(label(up.prod)).isEqualTo(tag);
            assertThat(weights(up)).containsExactly(Map.entry("green", 100));
            assertThat(up.status().path("events").toString()).contains("pipeline-shift-step")
                    .contains("step 1 of 2 (20 %): passed: new side");
            assertThat(up.cli("executions", "--limit", "1").out()).contains("20 %  PASSED     new side")
                    .contains("100 %  PROMOTED");

            // (c) approved with another strategy for this release only: all at once
            edit("site/site.properties", text -> text.replace("heading=Movies Database", "heading=Movies, at once"));
            commit("New heading, at once");
            JsonNode atOnce = awaitNew(up, "AWAITING_APPROVAL");
            Cli.Result malformed = up.cli("approve", "--strategy", "canary:10");
            assertThat(malformed.exitCode()).isEqualTo(2);
            assertThat(malformed.err()).contains("release strategy 'canary:10' is not all-at-once, "
                    + "canary:PERCENT%:INTERVAL or linear:PERCENT%:INTERVAL");
            JsonNode refused = RunningUp.JSON.readTree(up.post("/api/executions/" + atOnce.path("id").asText()
                    + "/approve", up.token(), "{\"tag\": \"" + atOnce.path("tag").asText() + "\", \"strategy\": "
                    + "\"linear:0%:1m\"}").body());
            assertThat(refused.path("message").asText()).isEqualTo("release strategy 'linear:0%:1m': the step must "
                    + "be 1 to 99 % of production, not 0 %");
            Cli.Result approveAtOnce = up.cli("approve", "--strategy", "all-at-once");
            assertThat(approveAtOnce.exitCode()).as(approveAtOnce.err()).isZero();
            JsonNode flipped = awaitExecution(up, atOnce.path("id").asLong(), "SUCCEEDED");
            assertThat(flipped.path("release").path("strategy").asText()).isEqualTo("all-at-once");
            assertThat(flipped.path("release").path("chosenBy").asText()).startsWith("approval by ");
            assertThat(flipped.path("release").path("steps")).isEmpty();
            assertThat(label(up.prod)).isEqualTo(atOnce.path("tag").asText());
            String live = atOnce.path("tag").asText();

            // (d) a person's rollback during the canary's step: all of production back at once, the release over
            edit("site/site.properties", text -> text.replace("heading=Movies, at once", "heading=Movies, rolled "
                    + "back"));
            commit("New heading, rolled back by hand");
            JsonNode byHand = awaitNew(up, "AWAITING_APPROVAL");
            assertThat(up.cli("approve").exitCode()).isZero();
            awaitStepRunning(up, byHand);
            Cli.Result rollback = up.cli("rollback");
            assertThat(rollback.exitCode()).as(rollback.err()).isZero();
            assertThat(rollback.out()).contains("execution #" + byHand.path("id").asText() + " ends rolled back");
            JsonNode ended = execution(up, byHand.path("id").asLong());
            assertThat(ended.path("status").asText()).isEqualTo("ROLLED_BACK");
            assertThat(stage(ended, "FLIP").path("message").asText()).matches("rolled back: by .+ during step 1 of 2 "
                    + "\\(20 %\\)");
            assertThat(weights(up)).hasSize(1).containsKey(side(up, live));
            assertThat(labels(up.prod, 20)).containsOnly(live);

            // (b) a build whose new side answers 5xx while its checks pass: the step breaches, the release ends
            edit("taskdef.json", text -> text.replace("\"${API_URL}\"", "\"http://127.0.0.1:1\""));
            edit("checks.yml", text -> text.replaceAll("(?s)  - name: a year search.*?contains: Casablanca\n", ""));
            commit("Release that cannot reach the API, unchecked");
            JsonNode bad = awaitNew(up, "AWAITING_APPROVAL");
            try (Load load = new Load(URI.create("http://127.0.0.1:" + up.prod + "/year?year=2000"), 4, PACE)) {
                assertThat(up.cli("approve").exitCode()).isZero();
                JsonNode rolledBack = awaitExecution(up, bad.path("id").asLong(), "ROLLED_BACK");
                load.close();
                assertThat(stage(rolledBack, "FLIP").path("message").asText()).startsWith("rolled back: step 1 of 2 "
                        + "(20 %): ").contains("new-side requests answered 5xx").containsPattern("new side \\d+ "
                        + "requests, [0-9.]+ % 5xx").contains("all of production is back on the old side");
                assertThat(stage(rolledBack, "BAKE").path("status").asText()).isEqualTo("SKIPPED");
                assertThat(rolledBack.path("release").path("steps").get(0).path("result").asText())
                        .isEqualTo("BREACHED");
                assertThat(load.failures()).as("only the canary's share failed").isNotEmpty()
                        .allSatisfy(failure -> assertThat(failure).startsWith("50"));
                assertThat(load.succeeded()).isGreaterThan(load.failures().size());
            }
            assertThat(weights(up)).hasSize(1).containsKey(side(up, live));
            assertThat(labels(up.prod, 20)).as("production wholly on the old build").containsOnly(live);
            assertThat(up.status().path("events").toString()).contains("pipeline-auto-rollback");
        }
    }

    @Test
    void a_platform_killed_mid_canary_comes_back_at_the_same_weights_and_resumes_the_step() throws Exception {
        String[] options = {"--bake-window", "2000", "--deploy-timeout", "30000"};
        JsonNode green;
        RunningUp first = new RunningUp(dir).start(options);
        try {
            app = first.dataDir.resolve("app");
            edit("site/site.properties", text -> text.replace("colour.name=blue", "colour.name=green"));
            // a step longer than a restart takes on a busy machine, so that the restart lands in it
            edit("release.yml", text -> text.replace("canary:20%:10s", "canary:20%:30s"));
            commit("Green");
            green = awaitNew(first, "AWAITING_APPROVAL");
            assertThat(first.cli("approve").exitCode()).isZero();
            awaitStepRunning(first, green);
            List<ProcessHandle> tasks = first.tasks();
            first.process.destroyForcibly(); // kill -9 mid-canary
            first.process.waitFor(10, TimeUnit.SECONDS);
            RunningUp.awaitDeath(tasks, Duration.ofSeconds(20));
        } finally {
            first.close();
        }
        try (RunningUp again = new RunningUp(dir).start(options)) {
            assertThat(weights(again)).as("the weights recorded before the kill").containsExactly(
                    Map.entry("blue", 80), Map.entry("green", 20));
            JsonNode done = awaitExecution(again, green.path("id").asLong(), "SUCCEEDED");
            JsonNode step = done.path("release").path("steps").get(0);
            assertThat(step.path("resumed").asBoolean()).isTrue();
            assertThat(step.path("result").asText()).isIn("PASSED", "NOT_JUDGED");
            assertThat(again.status().path("events").toString()).contains("step 1 of 2 (20 %) resumed after a "
                    + "restart: " + green.path("tag").asText() + " still serves 20 % of production");
            assertThat(label(again.prod)).isEqualTo(green.path("tag").asText());
            assertThat(weights(again)).containsExactly(Map.entry("green", 100));
            assertThat(again.cli("executions", "--limit", "1").out()).contains("(resumed after a restart)");
        }
    }

    private void awaitStepRunning(RunningUp up, JsonNode execution) throws Exception {
        await("#" + execution.path("id").asText() + " holds its canary step", PATIENCE, () -> {
            JsonNode steps = execution(up, execution.path("id").asLong()).path("release").path("steps");
            return !steps.isEmpty() && "RUNNING".equals(steps.get(steps.size() - 1).path("result").asText());
        });
    }

    /** The production listener's weights, as status gives them. */
    private static Map<String, Integer> weights(RunningUp up) throws Exception {
        for (JsonNode listener : up.status().path("listeners")) {
            if ("prod".equals(listener.path("name").asText())) {
                Map<String, Integer> weights = new LinkedHashMap<>();
                listener.path("weights").fields().forEachRemaining(w -> weights.put(w.getKey(), w.getValue().asInt()));
                return weights;
            }
        }
        throw new AssertionError("no prod listener in status");
    }

    /** The target group that runs build {@code tag}. */
    private static String side(RunningUp up, String tag) throws Exception {
        for (JsonNode group : up.status().path("targetGroups")) {
            if (tag.equals(group.path("tags").path("Image").asText())) {
                return group.path("name").asText();
            }
        }
        throw new AssertionError("no target group runs " + tag);
    }

    private static String label(int port) throws Exception {
        return RunningUp.JSON.readTree(RunningUp.get(port, "/version").body()).path("label").asText();
    }

    /** The builds that answered {@code count} requests in a row. */
    private static List<String> labels(int port, int count) throws Exception {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels.add(label(port));
        }
        return labels;
    }

    private void edit(String file, UnaryOperator<String> edit) throws Exception {
        Path path = app.resolve(file);
        Files.writeString(path, edit.apply(Files.readString(path, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private void commit(String message) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("git", "-c", "user.name=Ada", "-c", "user.email=ada@example.com",
                "commit", "-am", message).directory(app.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("xdg").toString(),
                "GIT_CONFIG_NOSYSTEM", "1"));
        Process git = builder.start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git commit: " + out).isZero();
    }

    private static JsonNode execution(RunningUp up, long id) throws Exception {
        return RunningUp.JSON.readTree(RunningUp.get(up.control, "/api/executions/" + id).body());
    }

    /** Waits for the execution of the latest commit (newer than any seen so far) to reach this status. */
    private JsonNode awaitNew(RunningUp up, String status) throws Exception {
        JsonNode[] found = new JsonNode[1];
        long after = seen;
        await("a new execution is " + status, PATIENCE, () -> {
            JsonNode all = RunningUp.JSON.readTree(RunningUp.get(up.control, "/api/executions?limit=1").body());
            found[0] = all.isEmpty() ? null : all.get(0);
            return found[0] != null && found[0].path("id").asLong() > after
                    && status.equals(found[0].path("status").asText());
        });
        seen = found[0].path("id").asLong();
        return found[0];
    }

    private static JsonNode awaitExecution(RunningUp up, long id, String status) throws Exception {
        JsonNode[] found = new JsonNode[1];
        await("execution #" + id + " is " + status, PATIENCE, () -> {
            found[0] = execution(up, id);
            return status.equals(found[0].path("status").asText());
        });
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
