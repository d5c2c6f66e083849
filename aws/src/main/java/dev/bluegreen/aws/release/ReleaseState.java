package dev.bluegreen.aws.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a release is between two invocations of the Flip function, carried by CodePipeline as the action's
 * continuation token (so the function keeps no state anywhere else): the strategy chosen at the start and by whom,
 * the side being brought to production's count while it is, and the step under way (its index in
 * {@link ReleaseStrategy#steps()} and when its share was set), once traffic shifts.
 *
 * @param scaling null once the side is at full size (or nothing needed scaling)
 * @param step    -1 until the first share of production is sent to the new side
 * @param since   when the step's share was set; null before the first step
 */
public record ReleaseState(ReleaseChoice choice, Scaling scaling, int step, Instant since) {

    /** A side being scaled to production's count: its group, the tasks it needs, what it ran, when the wait ends. */
    public record Scaling(String group, int tasks, int before, Instant deadline) {
        public Scaling {
            if (group == null || group.isBlank() || tasks < 1 || before < 0) {
                throw new IllegalArgumentException("a flip waits for a target group's tasks");
            }
            Objects.requireNonNull(deadline, "deadline");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public ReleaseState {
        Objects.requireNonNull(choice, "choice");
        if (step < -1 || step >= choice.strategy().steps().size() || (step >= 0) != (since != null)) {
            throw new IllegalArgumentException("not a step of " + choice.strategy().spec() + ": " + step);
        }
    }

    public static ReleaseState start(ReleaseChoice choice) {
        return new ReleaseState(choice, null, -1, null);
    }

    public boolean shifting() {
        return step >= 0;
    }

    /** The share of production the new side has at the current step. */
    public int percent() {
        return choice.strategy().steps().get(step);
    }

    public ReleaseState scaling(Scaling now) {
        return new ReleaseState(choice, now, step, since);
    }

    public ReleaseState atStep(int next, Instant at) {
        return new ReleaseState(choice, null, next, at);
    }

    /** The continuation token: short JSON, well within CodePipeline's 2048 characters. */
    public String token() {
        ObjectNode node = JSON.createObjectNode().put("strategy", choice.strategy().spec())
                .put("from", choice.source()).put("step", step);
        if (since != null) {
            node.put("since", since.toEpochMilli());
        }
        if (scaling != null) {
            node.putObject("scaling").put("group", scaling.group()).put("tasks", scaling.tasks())
                    .put("before", scaling.before()).put("deadline", scaling.deadline().toEpochMilli());
        }
        return node.toString();
    }

    /**
     * @throws IllegalArgumentException when the token is not one {@link #token()} wrote (or a flip before releases
     *                                  had strategies wrote: a side's wait, all at once)
     */
    public static ReleaseState of(String token) {
        try {
            JsonNode node = JSON.readTree(token);
            if (node != null && node.path("group").isTextual()) { // a token of a flip before strategies
                return new ReleaseState(new ReleaseChoice(ReleaseStrategy.ALL_AT_ONCE, ReleaseChoice.STACK),
                        scaling(node), -1, null);
            }
            if (node != null && node.path("strategy").isTextual() && node.path("from").isTextual()
                    && node.path("step").isInt()) {
                JsonNode since = node.path("since");
                return new ReleaseState(new ReleaseChoice(ReleaseStrategy.parse(node.get("strategy").asText()),
                        node.get("from").asText()), node.has("scaling") ? scaling(node.get("scaling")) : null,
                        node.get("step").asInt(), since.isIntegralNumber() ? Instant.ofEpochMilli(since.asLong())
                        : null);
            }
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            // refused below, with the same words
        }
        throw new IllegalArgumentException("the continuation token is not one the flip wrote: " + token);
    }

    private static Scaling scaling(JsonNode node) {
        if (!node.path("group").isTextual() || !node.path("tasks").isInt() || !node.path("before").isInt()
                || !node.path("deadline").isIntegralNumber()) {
            throw new IllegalArgumentException("no scaling");
        }
        return new Scaling(node.get("group").asText(), node.get("tasks").asInt(), node.get("before").asInt(),
                Instant.ofEpochMilli(node.get("deadline").asLong()));
    }
}
