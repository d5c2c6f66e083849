package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;

/** How a change's answer reaches the user: the platform's sentence, and exit code 1 when it was refused. */
final class Changes {

    static final int REFUSED = 1;

    private Changes() {
    }

    static int report(JsonNode answer) {
        if (answer.path("done").asBoolean(false)) {
            System.out.println(answer.path("message").asText());
            return 0;
        }
        System.err.println("refused: " + answer.path("message").asText());
        return REFUSED;
    }
}
