package dev.bluegreen.platform.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.StageRun;
import dev.bluegreen.core.pipeline.StageStatus;
import dev.bluegreen.core.release.ReleaseProgress;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An execution as JSON: the shape {@code platform.db} stores and the control API and the dashboard serve, so that
 * there is one shape everywhere. Executions stored by an earlier version stay readable: a stage that did not exist
 * then is filled in ({@link StageRun#missing}), and one without {@code firstRun} was not the first run.
 */
public final class Executions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Executions() {
    }

    static String body(Execution execution) {
        return toJson(execution).toString();
    }

    static Execution parse(String body) throws IOException {
        return fromJson(JSON.readTree(body));
    }

    /** An execution as the control API and the dashboard show it (the shape it is stored in). */
    public static Map<String, Object> view(Execution execution) {
        return view(execution, null, List.of());
    }

    /**
     * The same with what its stages recorded beyond a sentence: its release ({@code release}: the strategy, who
     * chose it, each step with its verdict; null before its build chose one) and each check's result
     * ({@code checks}).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> view(Execution execution, ReleaseProgress release, List<CheckResult> checks) {
        ObjectNode node = toJson(execution);
        node.set("release", release == null ? null : ExecutionDetails.release(release));
        node.set("checks", ExecutionDetails.checks(checks));
        return JSON.convertValue(node, Map.class);
    }

    private static ObjectNode toJson(Execution e) {
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
        node.put("firstRun", e.firstRun());
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

    private static Execution fromJson(JsonNode node) {
        JsonNode c = node.get("commit");
        Commit commit = new Commit(c.get("id").asText(), c.get("author").asText(), c.get("message").asText(),
                Instant.parse(c.get("time").asText()));
        Map<Stage, StageRun> stored = new EnumMap<>(Stage.class);
        for (JsonNode s : node.get("stages")) {
            StageRun run = new StageRun(Stage.valueOf(s.get("stage").asText()), StageStatus.valueOf(s.get("status")
                    .asText()), instant(s.get("startedAt")), instant(s.get("endedAt")), s.get("message").asText());
            stored.put(run.stage(), run);
        }
        List<StageRun> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            stages.add(stored.containsKey(stage) ? stored.get(stage) : StageRun.missing(stage, stored.values()
                    .stream().anyMatch(run -> run.stage().compareTo(stage) > 0
                            && run.status() != StageStatus.PENDING)));
        }
        return new Execution(node.get("id").asLong(), commit, node.get("tag").asText(),
                ExecutionStatus.valueOf(node.get("status").asText()), stages,
                node.get("approvedBy").isNull() ? null : node.get("approvedBy").asText(),
                Instant.parse(node.get("createdAt").asText()), instant(node.get("endedAt")),
                node.path("firstRun").asBoolean(false));
    }

    private static Instant instant(JsonNode value) {
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }
}
