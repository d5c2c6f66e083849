package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.UserError;

/** Finds the execution a person means: the one they name, or the one waiting for review. */
final class Reviews {

    private Reviews() {
    }

    static JsonNode target(PlatformClient client, Long id) {
        if (id != null) {
            return client.get("/api/executions/" + id);
        }
        for (JsonNode execution : client.get("/api/executions?limit=50")) {
            if ("AWAITING_APPROVAL".equals(execution.path("status").asText())) {
                return execution;
            }
        }
        throw new UserError("no execution is waiting for review (see 'bluegreen executions')");
    }
}
