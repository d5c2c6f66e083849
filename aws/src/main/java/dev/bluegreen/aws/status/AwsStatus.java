package dev.bluegreen.aws.status;

import java.util.List;
import java.util.Map;

/**
 * What is deployed and live on AWS, gathered for a person or a script: the stack, the load balancer's listeners
 * and target groups (tags, target health), whether a rollback is possible, the ECS services and the pipeline.
 * Parts that cannot be read say why in {@code notes} rather than failing the whole report.
 */
public record AwsStatus(String stack, String region, String stackStatus, String loadBalancer, String prodUrl,
                        String testUrl, List<Listener> listeners, List<Group> groups, Rollback rollback,
                        List<Service> services, Pipeline pipeline, List<String> notes) {

    /**
     * A listener and where its requests go: {@code targetGroup}, and by group in percent ({@code weights}), two groups
     * while traffic shifts ({@code {"blue": 90, "green": 10}}).
     */
    public record Listener(String name, int port, String url, String targetGroup, Map<String, Integer> weights) {
        public Listener {
            weights = weights == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(weights));
        }

        public boolean shifting() {
            return weights.size() > 1;
        }
    }

    public record Group(String name, Map<String, String> tags, int healthy, int targets, List<String> states) {
    }

    public record Rollback(boolean possible, String detail) {
    }

    public record Service(String name, String status, int desired, int running, int pending, String taskDefinition) {
    }

    public record Pipeline(String name, String url, List<Stage> stages) {
    }

    public record Stage(String name, String status, String executionId, String summary) {
    }
}
