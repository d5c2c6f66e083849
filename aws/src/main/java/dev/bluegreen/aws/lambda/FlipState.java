package dev.bluegreen.aws.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Objects;

/**
 * A flip waiting for its side to be healthy at production's count, between two invocations: the side, the tasks it
 * needs, what its service ran before it was scaled up (to go back to if the flip does not happen) and when the wait
 * ends. Carried by CodePipeline as the action's continuation token.
 */
record FlipState(String group, int tasks, int before, Instant deadline) {

    private static final ObjectMapper JSON = new ObjectMapper();

    FlipState {
        if (group == null || group.isBlank() || tasks < 1 || before < 0) {
            throw new IllegalArgumentException("a flip waits for a target group's tasks");
        }
        Objects.requireNonNull(deadline, "deadline");
    }

    /** The continuation token: short JSON, well within CodePipeline's 2048 characters. */
    String token() {
        return JSON.createObjectNode().put("group", group).put("tasks", tasks).put("before", before)
                .put("deadline", deadline.toEpochMilli()).toString();
    }

    /** @throws IllegalArgumentException when the token is not one {@link #token()} wrote */
    static FlipState of(String token) {
        try {
            JsonNode node = JSON.readTree(token);
            if (node != null && node.path("group").isTextual() && node.path("tasks").isInt()
                    && node.path("before").isInt() && node.path("deadline").isIntegralNumber()) {
                return new FlipState(node.get("group").asText(), node.get("tasks").asInt(),
                        node.get("before").asInt(), Instant.ofEpochMilli(node.get("deadline").asLong()));
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // refused below, with the same words
        }
        throw new IllegalArgumentException("the continuation token is not one the flip wrote: " + token);
    }
}
