package dev.bluegreen.aws.deployer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bluegreen.aws.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Deploy action's template configuration file ({@code {"Parameters": {...}}}): every parameter of the cluster
 * stack, the ones the pipeline stack fixes (its VPC, subnets, table, certificate...) and the ones this build
 * decides (the images and the live side). A file in an artifact, not the action's ParameterOverrides, whose one
 * value CodePipeline limits to 1,000 characters.
 */
public final class TemplateConfiguration {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TemplateConfiguration() {
    }

    /**
     * The pipeline stack's parameters of the cluster stack, a JSON object of strings (the Discover step's
     * {@code CLUSTER_PARAMETERS}).
     */
    public static Map<String, String> fixed(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AwsException("--parameters is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new AwsException("--parameters must be a JSON object of the cluster stack's parameters");
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new AwsException("--parameters: " + field.getKey() + " must be a string, as CloudFormation "
                        + "takes every parameter");
            }
            fixed.put(field.getKey(), field.getValue().asText());
        }
        return fixed;
    }

    /** The fixed parameters and this build's; a fixed one cannot decide what only the build decides. */
    public static Map<String, String> parameters(Map<String, String> fixed, Map<String, String> build) {
        Map<String, String> all = new LinkedHashMap<>(fixed);
        for (Map.Entry<String, String> e : build.entrySet()) {
            if (all.containsKey(e.getKey())) {
                throw new AwsException("--parameters sets " + e.getKey() + ", which the deployer decides for each "
                        + "build");
            }
            all.put(e.getKey(), e.getValue());
        }
        return all;
    }

    public static String write(Map<String, String> parameters) {
        ObjectNode file = JSON.createObjectNode();
        ObjectNode values = file.putObject("Parameters");
        parameters.forEach(values::put);
        try {
            return JSON.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings always serialise", e);
        }
    }
}
