package dev.bluegreen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.core.Outcome;

/**
 * How a change's answer reaches the user, whichever runtime answered: the sentence on standard output when it was
 * done, else on standard error after "refused: " with exit code 1.
 */
public final class Answers {

    public static final int REFUSED = 1;

    private Answers() {
    }

    public static int report(Outcome outcome) {
        return report(outcome.done(), outcome.message());
    }

    /** An outcome as the control API answers it: {@code {"done": ..., "message": ...}}. */
    public static int report(JsonNode answer) {
        return report(answer.path("done").asBoolean(false), answer.path("message").asText());
    }

    private static int report(boolean done, String message) {
        if (done) {
            System.out.println(message);
            return 0;
        }
        System.err.println("refused: " + message);
        return REFUSED;
    }

    /** Who asks, for the events: the user's name (only a label). */
    public static String operator() {
        return System.getProperty("user.name", "cli");
    }
}
