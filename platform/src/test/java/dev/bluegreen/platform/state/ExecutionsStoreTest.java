package dev.bluegreen.platform.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.StageStatus;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.core.release.StepAnalysis;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionsStoreTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void an_execution_survives_a_restart_exactly_as_it_was_at_every_stage() {
        Path file = dir.resolve("platform.db");
        Commit commit = new Commit("3f2a1c9d0e3f2a1c9d0e3f2a1c9d0e3f2a1c9d0e", "Ada", "Green\n\nbody", T0);
        Execution waiting;
        try (PlatformStore store = PlatformStore.open(file)) {
            assertThat(store.nextExecutionId()).isEqualTo(1);
            Execution e = Execution.start(store.nextExecutionId(), commit, T0);
            store.saveExecution(e, new Event(0, T0, "pipeline", EventType.EXECUTION_STARTED, "#1"));
            e = e.apply(new PipelineEvent.Succeeded(Stage.SOURCE, "commit 3f2a1c9"), T0.plusSeconds(1))
                    .apply(new PipelineEvent.Succeeded(Stage.BUILD, "built in 2 s"), T0.plusSeconds(3))
                    .apply(new PipelineEvent.Succeeded(Stage.DEPLOY, "green healthy"), T0.plusSeconds(6))
                    .apply(new PipelineEvent.Succeeded(Stage.CHECK, "3 checks passed"), T0.plusSeconds(7));
            store.saveExecution(e);
            waiting = e;
            Execution older = Execution.start(2, new Commit("aaaaaaa", "Bob", "x", T0), T0)
                    .apply(new PipelineEvent.Failed(Stage.SOURCE, "gone"), T0);
            store.saveExecution(older);
        }
        try (PlatformStore store = PlatformStore.open(file)) {
            assertThat(store.execution(1)).contains(waiting);
            assertThat(store.activeExecutions()).containsExactly(waiting);
            assertThat(store.executions(10)).extracting(Execution::id).containsExactly(2L, 1L);
            assertThat(store.execution(1).orElseThrow().status()).isEqualTo(ExecutionStatus.AWAITING_APPROVAL);
            assertThat(store.nextExecutionId()).isEqualTo(3);
            assertThat(store.events(5)).extracting(Event::type).contains(EventType.EXECUTION_STARTED);
        }
    }

    @Test
    void executions_stored_before_the_check_stage_read_with_it_skipped_or_pending_and_go_on() throws Exception {
        Path file = dir.resolve("platform.db");
        try (PlatformStore store = PlatformStore.open(file)) {
            store.saveSetting("created", "yes");
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            s.execute("INSERT INTO execution (id, tag, status, final, created_at, body) VALUES "
                    + old(1, "AWAITING_APPROVAL", 0, "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "RUNNING", "PENDING",
                            "PENDING") + ", "
                    + old(2, "FAILED", 1, "SUCCEEDED", "FAILED", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED") + ", "
                    + old(3, "RUNNING", 0, "SUCCEEDED", "SUCCEEDED", "RUNNING", "PENDING", "PENDING", "PENDING"));
        }
        try (PlatformStore store = PlatformStore.open(file)) {
            Execution waiting = store.execution(1).orElseThrow();
            assertThat(waiting.status()).isEqualTo(ExecutionStatus.AWAITING_APPROVAL);
            assertThat(waiting.currentStage()).isEqualTo(Stage.REVIEW);
            assertThat(waiting.stage(Stage.CHECK).status()).isEqualTo(StageStatus.SKIPPED);
            assertThat(waiting.firstRun()).isFalse();
            Execution approved = waiting.apply(new PipelineEvent.Approved("ada", waiting.tag()), T0.plusSeconds(60));
            assertThat(approved.currentStage()).isEqualTo(Stage.FLIP);
            store.saveExecution(approved);
            assertThat(store.execution(1)).contains(approved);

            assertThat(store.execution(2).orElseThrow().stage(Stage.CHECK).status()).isEqualTo(StageStatus.SKIPPED);
            Execution deploying = store.execution(3).orElseThrow();
            assertThat(deploying.currentStage()).isEqualTo(Stage.DEPLOY);
            assertThat(deploying.stage(Stage.CHECK).status()).isEqualTo(StageStatus.PENDING);
            assertThat(deploying.apply(new PipelineEvent.Succeeded(Stage.DEPLOY, "ok"), T0).currentStage())
                    .as("it goes on to the checks").isEqualTo(Stage.CHECK);
        }
    }

    @Test
    void a_release_with_its_steps_and_the_checks_results_survive_a_restart_and_are_shown_with_the_execution() {
        Path file = dir.resolve("platform.db");
        Execution execution = Execution.start(1, new Commit("3f2a1c9d0e", "Ada", "Green", T0), T0);
        ReleaseProgress release = ReleaseProgress.of(ReleaseStrategy.parse("canary:20%:10s"), "release.yml")
                .started(20, T0).judged(new StepAnalysis.Verdict(Optional.empty(), true, "new side 40 requests"),
                        T0.plusSeconds(10)).started(100, T0.plusSeconds(10));
        List<CheckResult> checks = List.of(CheckResult.passed("home", "200", Duration.ofMillis(12)),
                CheckResult.failed("year", "answered 502", List.of("Bad Gateway"), Duration.ofMillis(30)));
        try (PlatformStore store = PlatformStore.open(file)) {
            store.saveExecution(execution);
            assertThat(store.release(1)).isEmpty();
            assertThat(store.checkResults(1)).isEmpty();
            store.saveRelease(1, release, new Event(0, T0, "pipeline", EventType.PIPELINE_SHIFT_STEP, "step 1"));
            store.saveCheckResults(1, checks);
        }
        try (PlatformStore store = PlatformStore.open(file)) {
            assertThat(store.release(1)).contains(release);
            assertThat(store.checkResults(1)).isEqualTo(checks);
            assertThat(store.events(1)).extracting(Event::type).containsExactly(EventType.PIPELINE_SHIFT_STEP);
            Map<String, Object> view = Executions.view(execution, release, checks);
            assertThat(view.get("release").toString()).contains("strategy=canary:20%:10s", "chosenBy=release.yml",
                    "percent=20", "result=PASSED", "note=new side 40 requests", "result=PROMOTED");
            assertThat(view.get("checks").toString()).contains("name=home", "passed=true", "name=year",
                    "detail=answered 502", "output=[Bad Gateway]");
            assertThat(Executions.view(execution)).containsEntry("release", null);
        }
    }

    /** A row as the version before the check stage wrote it: six stages, no firstRun. */
    private static String old(int id, String status, int isFinal, String... stages) {
        String[] names = {"SOURCE", "BUILD", "DEPLOY", "REVIEW", "FLIP", "BAKE"};
        StringBuilder runs = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            boolean reached = !stages[i].equals("PENDING") && !stages[i].equals("SKIPPED");
            runs.append(i == 0 ? "" : ",").append("{\"stage\":\"").append(names[i]).append("\",\"status\":\"")
                    .append(stages[i]).append("\",\"startedAt\":").append(reached ? "\"" + T0 + "\"" : "null")
                    .append(",\"endedAt\":null,\"message\":\"\"}");
        }
        String body = "{\"id\":" + id + ",\"tag\":\"b" + id + "-3f2a1c9\",\"status\":\"" + status
                + "\",\"stage\":\"DEPLOY\",\"commit\":{\"id\":\"3f2a1c9d0e\",\"author\":\"Ada\","
                + "\"message\":\"Green\",\"time\":\"" + T0 + "\"},\"approvedBy\":null,\"createdAt\":\"" + T0
                + "\",\"endedAt\":null,\"stages\":[" + runs + "]}";
        return "(" + id + ", 'b" + id + "-3f2a1c9', '" + status + "', " + isFinal + ", '" + T0 + "', '" + body + "')";
    }

    @Test
    void a_state_file_of_the_previous_schema_is_upgraded_and_keeps_its_routing() throws Exception {
        Path file = dir.resolve("platform.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE listener (name TEXT PRIMARY KEY, target_group TEXT NOT NULL)");
            s.execute("CREATE TABLE group_tag (target_group TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
                    + "PRIMARY KEY (target_group, key))");
            s.execute("CREATE TABLE last_flip (id INTEGER PRIMARY KEY CHECK (id = 1), promoted TEXT NOT NULL, "
                    + "promoted_image TEXT, demoted TEXT NOT NULL, demoted_image TEXT)");
            s.execute("CREATE TABLE service (name TEXT PRIMARY KEY, target_group TEXT, desired_count INTEGER NOT "
                    + "NULL, image TEXT)");
            s.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, actor TEXT NOT "
                    + "NULL, type TEXT NOT NULL, message TEXT NOT NULL)");
            s.execute("INSERT INTO listener VALUES ('prod', 'green')");
            s.execute("PRAGMA user_version = 1");
        }
        try (PlatformStore store = PlatformStore.open(file)) {
            assertThat(store.routing().forwardsTo("prod")).contains("green");
            store.saveSetting("last-commit", "3f2a1c9");
            assertThat(store.setting("last-commit")).contains("3f2a1c9");
            assertThat(store.executions(5)).isEmpty();
        }
    }
}
