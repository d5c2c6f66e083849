package dev.bluegreen.platform.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
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
                    .apply(new PipelineEvent.Succeeded(Stage.DEPLOY, "green healthy"), T0.plusSeconds(6));
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
