package dev.bluegreen.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * The parts of a CodePipeline job event the pipeline's functions use: the job id (read first: whatever fails after
 * it is reported to the pipeline), the action's UserParameters (a JSON object) and, when the action asked to be
 * invoked again, its continuation token.
 */
record JobEvent(String jobId, String userParameters, String continuationToken) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An image tag as the Build action writes it, and as ECR takes it. */
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

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
        JsonNode data = job.path("data");
        String parameters = data.path("actionConfiguration").path("configuration").path("UserParameters")
                .asText(null);
        String token = data.path("continuationToken").asText(null);
        return new JobEvent(id, parameters, token == null || token.isEmpty() ? null : token);
    }

    /**
     * UserParameters as a JSON object; {@code expected} shows what it should look like, for the messages.
     *
     * @throws IllegalArgumentException when there are none, or they are not a JSON object
     */
    JsonNode parameters(String expected) {
        if (userParameters == null || userParameters.isBlank()) {
            throw new IllegalArgumentException("the action has no UserParameters; expected " + expected);
        }
        JsonNode parameters;
        try {
            parameters = JSON.readTree(userParameters);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("UserParameters is not JSON (" + e.getOriginalMessage()
                    + "); expected " + expected);
        }
        if (!parameters.isObject()) {
            throw new IllegalArgumentException("UserParameters is not a JSON object; expected " + expected);
        }
        return parameters;
    }

    /** A text parameter that must be there. */
    String text(String name, String expected) {
        String value = parameters(expected).path(name).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("UserParameters has no " + name + "; expected " + expected);
        }
        return value;
    }

    /** A text parameter that may be left out (a pipeline stack from before it existed). */
    java.util.Optional<String> optionalText(String name, String expected) {
        JsonNode value = parameters(expected).path(name);
        return value.isMissingNode() || value.isNull() || value.asText("").isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(value.asText());
    }

    /** A number, or a number in a string: the pipeline quotes them as CloudFormation wrote them. */
    double number(String name, String expected) {
        JsonNode value = parameters(expected).path(name);
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            double number = Double.parseDouble(value.asText(""));
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new IllegalArgumentException("UserParameters has no number " + name + "; expected " + expected);
    }

    /**
     * The image tag of this execution's build, which the pipeline passes from the Build action's variables. An
     * unresolved variable ({@code #{BuildVars.WEB_TAG}}, when the Build action exported none) is refused here.
     */
    String image(String expected) {
        String image = text("Image", expected);
        if (!IMAGE_TAG.matcher(image).matches()) {
            throw new IllegalArgumentException("UserParameters' Image '" + image + "' is not an image tag; the "
                    + "pipeline passes the Build action's exported WEB_TAG there");
        }
        return image;
    }
}
