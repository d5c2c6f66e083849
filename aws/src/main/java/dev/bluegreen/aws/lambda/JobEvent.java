package dev.bluegreen.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * The parts of a CodePipeline job event the flip uses: the job id (read first: whatever fails after it is
 * reported to the pipeline) and the action's UserParameters.
 */
record JobEvent(String jobId, String userParameters) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException when the event has no job id: nothing can be reported then */
    static JobEvent read(InputStream in) throws IOException {
        JsonNode event;
        try {
            event = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getOriginalMessage());
        }
        JsonNode job = event == null ? null : event.path("CodePipeline.job");
        String id = job == null ? null : job.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("the event is not a CodePipeline job: it has no 'CodePipeline.job' "
                    + "with an 'id'");
        }
        String parameters = job.path("data").path("actionConfiguration").path("configuration")
                .path("UserParameters").asText(null);
        return new JobEvent(id, parameters);
    }

    /** The load balancer to flip, from UserParameters {@code {"ElbName": "..."}}. */
    String loadBalancerName() {
        if (userParameters == null || userParameters.isBlank()) {
            throw new IllegalArgumentException("the action has no UserParameters; expected {\"ElbName\": \"<load "
                    + "balancer name>\"}");
        }
        JsonNode parameters;
        try {
            parameters = JSON.readTree(userParameters);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("UserParameters is not JSON (" + e.getOriginalMessage()
                    + "); expected {\"ElbName\": \"<load balancer name>\"}");
        }
        String name = parameters.path("ElbName").asText("");
        if (name.isBlank()) {
            throw new IllegalArgumentException("UserParameters has no ElbName; expected {\"ElbName\": \"<load "
                    + "balancer name>\"}");
        }
        return name;
    }
}
