package dev.bluegreen.platform.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An execution's release and its checks' results as JSON: the shape {@code platform.db} stores and the control API
 * and the dashboard serve within the execution ({@code release}, {@code checks}).
 */
final class ExecutionDetails {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionDetails() {
    }

    static ObjectNode release(ReleaseProgress release) {
        ObjectNode node = JSON.createObjectNode();
        node.put("strategy", release.strategy().spec());
        node.put("description", release.strategy().describe());
        node.put("chosenBy", release.chosenBy());
        ArrayNode planned = node.putArray("plannedSteps");
        release.strategy().steps().forEach(planned::add);
        node.put("intervalMs", release.strategy().interval().toMillis());
        ArrayNode steps = node.putArray("steps");
        for (ReleaseProgress.Step step : release.steps()) {
            ObjectNode s = steps.addObject();
            s.put("percent", step.percent());
            s.put("startedAt", step.startedAt().toString());
            s.put("endedAt", step.endedAt() == null ? null : step.endedAt().toString());
            s.put("result", step.result().name());
            s.put("note", step.note());
            s.put("resumed", step.resumed());
        }
        return node;
    }

    static ReleaseProgress release(String body) throws IOException {
        JsonNode node = JSON.readTree(body);
        List<ReleaseProgress.Step> steps = new ArrayList<>();
        for (JsonNode s : node.path("steps")) {
            steps.add(new ReleaseProgress.Step(s.get("percent").asInt(), Instant.parse(s.get("startedAt").asText()),
                    s.get("endedAt").isNull() ? null : Instant.parse(s.get("endedAt").asText()),
                    ReleaseProgress.Result.valueOf(s.get("result").asText()), s.get("note").asText(),
                    s.path("resumed").asBoolean(false)));
        }
        return new ReleaseProgress(ReleaseStrategy.parse(node.get("strategy").asText()),
                node.get("chosenBy").asText(), steps);
    }

    static ArrayNode checks(List<CheckResult> results) {
        ArrayNode list = JSON.createArrayNode();
        for (CheckResult result : results) {
            ObjectNode c = list.addObject();
            c.put("name", result.name());
            c.put("passed", result.passed());
            c.put("detail", result.detail());
            ArrayNode output = c.putArray("output");
            result.output().forEach(output::add);
            c.put("tookMs", result.took().toMillis());
        }
        return list;
    }

    static List<CheckResult> checks(String body) throws IOException {
        List<CheckResult> results = new ArrayList<>();
        for (JsonNode c : JSON.readTree(body)) {
            List<String> output = new ArrayList<>();
            c.path("output").forEach(line -> output.add(line.asText()));
            results.add(new CheckResult(c.get("name").asText(), c.get("passed").asBoolean(),
                    c.get("detail").asText(), output, Duration.ofMillis(c.get("tookMs").asLong())));
        }
        return results;
    }
}
