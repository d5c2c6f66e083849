package dev.bluegreen.aws.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * ECS's API at the HTTP level, as far as a flip uses it (moto's ECS keeps no service's load balancers and runs no
 * task): a real HTTP server on 127.0.0.1 speaking AWS JSON 1.1 ({@code X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<operation>}) with ListServices, DescribeServices and UpdateService, recording
 * every call. A service feeds a target group of moto's load balancer, and its running tasks are that group's
 * registered targets, as ECS registers them: scaling down deregisters the extra ones at once; scaling up registers new
 * ones at once when tasks start {@link #startingAtOnce}, else only when the test says a task turned healthy
 * ({@link #startTasks}).
 */
public final class FakeEcs implements AutoCloseable {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

    /** One call as it arrived: the operation, its content type and body. */
    public record Call(String operation, String contentType, JsonNode body) {
    }

    private static final class Service {
        final String cluster;
        final String name;
        final String groupArn;
        int desired;
        final List<String> tasks = new ArrayList<>();

        Service(String cluster, String name, String groupArn, int desired) {
            this.cluster = cluster;
            this.name = name;
            this.groupArn = groupArn;
            this.desired = desired;
        }

        String arn() {
            return "arn:aws:ecs:eu-west-1:123456789012:service/" + cluster + "/" + name;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NEXT_IP = new AtomicInteger();

    private final HttpServer server;
    private final ElasticLoadBalancingV2Client elb;
    private final Map<String, Service> services = new LinkedHashMap<>();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean startingAtOnce;

    /** @param elb moto's load balancing, where the tasks register as targets */
    public FakeEcs(ElasticLoadBalancingV2Client elb) throws IOException {
        this.elb = elb;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** From now on, a scale-up's tasks start and turn healthy at once. */
    public FakeEcs startingAtOnce() {
        startingAtOnce = true;
        return this;
    }

    /**
     * A service of {@code cluster} feeding {@code groupArn} (null for none), running {@code desired} tasks: the
     * group's registered targets are its tasks, and more are registered until it has that many. Given again, the
     * service is deployed again at that count.
     */
    public synchronized String service(String cluster, String name, String groupArn, int desired) {
        Service service = services.get(new Service(cluster, name, groupArn, desired).arn());
        if (service == null) {
            service = new Service(cluster, name, groupArn, desired);
            if (groupArn != null) {
                Service made = service;
                elb.describeTargetHealth(r -> r.targetGroupArn(groupArn)).targetHealthDescriptions()
                        .forEach(t -> made.tasks.add(t.target().id()));
            }
            services.put(service.arn(), service);
        }
        service.desired = desired; // a service deployed again (CloudFormation's update) runs its new count
        converge(service, true);
        return service.arn();
    }

    /** The tasks of a service that have not started yet start and turn healthy. */
    public synchronized void startTasks(String name) {
        converge(byName(name), true);
    }

    public synchronized int desired(String name) {
        return byName(name).desired;
    }

    public synchronized int running(String name) {
        return byName(name).tasks.size();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private Service byName(String name) {
        return services.values().stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    /** Stops the tasks beyond the desired count; starts the missing ones if {@code start}. */
    private void converge(Service service, boolean start) {
        if (service.groupArn == null) {
            while (start && service.tasks.size() < service.desired) {
                service.tasks.add("task-" + NEXT_IP.incrementAndGet());
            }
            return;
        }
        while (service.tasks.size() > service.desired) {
            String ip = service.tasks.remove(service.tasks.size() - 1);
            elb.deregisterTargets(r -> r.targetGroupArn(service.groupArn)
                    .targets(TargetDescription.builder().id(ip).port(8080).build()));
        }
        while (start && service.tasks.size() < service.desired) {
            int n = NEXT_IP.incrementAndGet();
            String ip = "10.0." + (100 + n / 250) + "." + (1 + n % 250);
            elb.registerTargets(r -> r.targetGroupArn(service.groupArn)
                    .targets(TargetDescription.builder().id(ip).port(8080).build()));
            service.tasks.add(ip);
        }
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        calls.add(new Call(operation, exchange.getRequestHeaders().getFirst("Content-Type"), body));
        String named = body.path("cluster").asText("default");
        String cluster = named.substring(named.lastIndexOf('/') + 1); // a name, or an ARN
        ObjectNode answer = JSON.createObjectNode();
        int status = 200;
        if (services.values().stream().noneMatch(s -> s.cluster.equals(cluster))) {
            status = 400;
            answer.put("__type", "ClusterNotFoundException").put("message", "Cluster not found.");
        } else if (operation.equals("ListServices")) {
            ArrayNode arns = answer.putArray("serviceArns");
            services.values().stream().filter(s -> s.cluster.equals(cluster)).forEach(s -> arns.add(s.arn()));
        } else if (operation.equals("DescribeServices")) {
            ArrayNode found = answer.putArray("services");
            ArrayNode failures = answer.putArray("failures");
            for (JsonNode wanted : body.path("services")) {
                Service service = find(cluster, wanted.asText());
                if (service == null) {
                    failures.addObject().put("arn", wanted.asText()).put("reason", "MISSING");
                } else {
                    found.add(describe(service));
                }
            }
        } else if (operation.equals("UpdateService")) {
            Service service = find(cluster, body.path("service").asText());
            if (service == null) {
                status = 400;
                answer.put("__type", "ServiceNotFoundException").put("message", "Service not found.");
            } else {
                if (body.has("desiredCount")) {
                    service.desired = body.get("desiredCount").asInt();
                    converge(service, startingAtOnce);
                }
                answer.set("service", describe(service));
            }
        } else {
            status = 400;
            answer.put("__type", "InvalidParameterException").put("message", "not faked: " + operation);
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Service find(String cluster, String nameOrArn) {
        return services.values().stream().filter(s -> s.cluster.equals(cluster)
                && (s.name.equals(nameOrArn) || s.arn().equals(nameOrArn))).findFirst().orElse(null);
    }

    private static ObjectNode describe(Service service) {
        ObjectNode node = JSON.createObjectNode().put("serviceArn", service.arn()).put("serviceName", service.name)
                .put("clusterArn", "arn:aws:ecs:eu-west-1:123456789012:cluster/" + service.cluster)
                .put("status", "ACTIVE").put("desiredCount", service.desired).put("runningCount", service.tasks.size())
                .put("pendingCount", Math.max(0, service.desired - service.tasks.size()))
                .put("taskDefinition", "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + service.name + ":1");
        ArrayNode balancers = node.putArray("loadBalancers");
        if (service.groupArn != null) {
            balancers.addObject().put("targetGroupArn", service.groupArn).put("containerName", "web")
                    .put("containerPort", 8080);
        }
        return node;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
