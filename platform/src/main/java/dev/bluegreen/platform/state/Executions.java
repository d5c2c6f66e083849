package dev.bluegreen.platform.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.StageRun;
import dev.bluegreen.core.pipeline.StageStatus;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's executions in {@code platform.db}: one row each, the columns that queries need and the whole
 * execution as JSON (its stages change together, so they are written together).
 */
public final class Executions {

    static final String SELECT = "SELECT body FROM execution";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Executions() {
    }

    static void createTables(Statement s) throws SQLException {
        s.execute("CREATE TABLE execution (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE, status TEXT NOT NULL, "
                + "final INTEGER NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL)");
        s.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    }

    static void write(Connection db, Execution execution) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO execution (id, tag, status, final, "
                + "created_at, body) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, execution.id());
            ps.setString(2, execution.tag());
            ps.setString(3, execution.status().name());
            ps.setInt(4, execution.isFinal() ? 1 : 0);
            ps.setString(5, execution.createdAt().toString());
            ps.setString(6, toJson(execution).toString());
            ps.executeUpdate();
        }
    }

    static List<Execution> readAll(ResultSet rs) throws SQLException {
        List<Execution> all = new ArrayList<>();
        while (rs.next()) {
            try {
                all.add(fromJson(JSON.readTree(rs.getString(1))));
            } catch (IOException | RuntimeException e) {
                throw new SQLException("an execution in the state is unreadable: " + e.getMessage(), e);
            }
        }
        return all;
    }

    /** An execution as the control API and the dashboard show it (the shape it is stored in). */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> view(Execution execution) {
        return JSON.convertValue(toJson(execution), java.util.Map.class);
    }

    /** The JSON the control API also serves: one shape everywhere. */
    static ObjectNode toJson(Execution e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", e.id());
        node.put("tag", e.tag());
        node.put("status", e.status().name());
        node.put("stage", e.currentStage().name());
        ObjectNode commit = node.putObject("commit");
        commit.put("id", e.commit().id());
        commit.put("author", e.commit().author());
        commit.put("message", e.commit().message());
        commit.put("time", e.commit().time().toString());
        node.put("approvedBy", e.approvedBy());
        node.put("createdAt", e.createdAt().toString());
        node.put("endedAt", e.endedAt() == null ? null : e.endedAt().toString());
        ArrayNode stages = node.putArray("stages");
        for (StageRun run : e.stages()) {
            ObjectNode stage = stages.addObject();
            stage.put("stage", run.stage().name());
            stage.put("status", run.status().name());
            stage.put("startedAt", run.startedAt() == null ? null : run.startedAt().toString());
            stage.put("endedAt", run.endedAt() == null ? null : run.endedAt().toString());
            stage.put("message", run.message());
        }
        return node;
    }

    static Execution fromJson(JsonNode node) {
        JsonNode c = node.get("commit");
        Commit commit = new Commit(c.get("id").asText(), c.get("author").asText(), c.get("message").asText(),
                Instant.parse(c.get("time").asText()));
        List<StageRun> stages = new ArrayList<>();
        for (JsonNode s : node.get("stages")) {
            stages.add(new StageRun(Stage.valueOf(s.get("stage").asText()), StageStatus.valueOf(s.get("status")
                    .asText()), instant(s.get("startedAt")), instant(s.get("endedAt")), s.get("message").asText()));
        }
        return new Execution(node.get("id").asLong(), commit, node.get("tag").asText(),
                ExecutionStatus.valueOf(node.get("status").asText()), stages,
                node.get("approvedBy").isNull() ? null : node.get("approvedBy").asText(),
                Instant.parse(node.get("createdAt").asText()), instant(node.get("endedAt")));
    }

    private static Instant instant(JsonNode value) {
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }
}
