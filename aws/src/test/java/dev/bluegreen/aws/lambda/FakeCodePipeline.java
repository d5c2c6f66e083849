package dev.bluegreen.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CodePipeline's job API at the HTTP level (moto does not implement the job calls): a real HTTP server on
 * 127.0.0.1 speaking AWS JSON 1.1, recording every call the SDK makes, answering each with an empty success, but
 * GetPipelineState with the state a test gave it.
 */
final class FakeCodePipeline implements AutoCloseable {

    record Call(String operation, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile String pipelineState;

    FakeCodePipeline() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            calls.add(new Call(target == null ? "?" : target.substring(target.indexOf('.') + 1), body));
            boolean refuse = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            String state = target != null && target.endsWith("GetPipelineState") ? pipelineState : null;
            byte[] answer = (refuse ? "{\"__type\":\"ValidationException\",\"message\":\"refused (injected)\"}"
                    : state != null ? state : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(refuse ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /**
     * From now on, GetPipelineState answers that {@code pipeline}'s Release stage runs {@code execution}, whose Review
     * was approved with {@code comment} (null: without one), and its Flip runs.
     */
    void approved(String pipeline, String execution, String comment) {
        ObjectNode state = JSON.createObjectNode().put("pipelineName", pipeline);
        ObjectNode stage = state.putArray("stageStates").addObject().put("stageName", "Release");
        stage.putObject("latestExecution").put("pipelineExecutionId", execution).put("status", "InProgress");
        ObjectNode review = stage.putArray("actionStates").addObject().put("actionName", "Review");
        ObjectNode reviewed = review.putObject("latestExecution").put("status", "Succeeded");
        if (comment != null) {
            reviewed.put("summary", comment);
        }
        ((com.fasterxml.jackson.databind.node.ArrayNode) stage.get("actionStates")).addObject()
                .put("actionName", "Flip").putObject("latestExecution").put("status", "InProgress");
        pipelineState = state.toString();
    }

    /** The next {@code count} calls are refused with a 400 (an error the SDK does not retry). */
    void refuseNext(int count) {
        failures.set(count);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
