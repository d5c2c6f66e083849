package dev.bluegreen.aws.bake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a bake is, between two looks: when it started, which target group it watches (the one production was on at
 * the start) and when it looks next. Carried by CodePipeline as the action's continuation token, so the bake keeps
 * no state anywhere else.
 */
public record BakeState(Instant start, String group, Instant nextLook) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BakeState {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(nextLook, "nextLook");
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("a bake watches a target group");
        }
    }

    public BakeState lookingAt(Instant next) {
        return new BakeState(start, group, next);
    }

    /** The continuation token: short JSON, well within CodePipeline's 2048 characters. */
    public String token() {
        return JSON.createObjectNode().put("start", start.toEpochMilli()).put("group", group)
                .put("next", nextLook.toEpochMilli()).toString();
    }

    /** @throws IllegalArgumentException when the token is not one {@link #token()} wrote */
    public static BakeState of(String token) {
        try {
            JsonNode node = JSON.readTree(token);
            if (node != null && node.path("start").isIntegralNumber() && node.path("next").isIntegralNumber()
                    && node.path("group").isTextual()) {
                return new BakeState(Instant.ofEpochMilli(node.get("start").asLong()), node.get("group").asText(),
                        Instant.ofEpochMilli(node.get("next").asLong()));
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // refused below, with the same words
        }
        throw new IllegalArgumentException("the continuation token is not one the bake wrote: " + token);
    }
}
