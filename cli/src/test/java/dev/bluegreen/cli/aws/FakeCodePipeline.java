package dev.bluegreen.cli.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CodePipeline's GetPipelineState, StartPipelineExecution and PutApprovalResult at the HTTP level (moto answers them
 * with a 500): a real HTTP server on 127.0.0.1 speaking AWS JSON 1.1, with one pipeline waiting for approval (its
 * Review's token); records the calls.
 */
final class FakeCodePipeline implements AutoCloseable {

    /** The open approval's token, as GetPipelineState gives it. */
    static final String REVIEW_TOKEN = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    private final HttpServer server;
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** The CodeBuild build of a Check action that failed, once {@link #failAtCheck} said so. */
    private volatile String failedCheck;

    FakeCodePipeline(String pipeline) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer;
            int status = 200;
            calls.add(target.substring(target.indexOf('.') + 1) + " " + body);
            if (target.endsWith("StartPipelineExecution")) {
                answer = "{\"pipelineExecutionId\":\"e-2\"}";
            } else if (target.endsWith("PutApprovalResult") && body.contains("\"" + pipeline + "\"")
                    && body.contains(REVIEW_TOKEN)) {
                answer = "{\"approvedAt\":1796000000}";
            } else if (target.endsWith("GetPipelineState") && body.contains("\"" + pipeline + "\"")
                    && failedCheck != null) {
                answer = "{\"pipelineName\":\"" + pipeline + "\",\"stageStates\":["
                        + stage("Source", "Succeeded", action("App", "Succeeded", "Break the year search"))
                        + "," + stage("Build", "Succeeded", action("Images", "Succeeded", null))
                        + "," + stage("Release", "Failed", action("Discover", "Succeeded", null) + ","
                        + action("Deploy", "Succeeded", "stack shop-cluster updated") + ","
                        + "{\"actionName\":\"Check\",\"latestExecution\":{\"status\":\"Failed\","
                        + "\"externalExecutionId\":\"" + failedCheck + "\",\"errorDetails\":{\"code\":\"JobFailed\","
                        + "\"message\":\"Build terminated with state: FAILED\"}}},{\"actionName\":\"Review\"}") + "]}";
            } else if (target.endsWith("GetPipelineState") && body.contains("\"" + pipeline + "\"")) {
                answer = "{\"pipelineName\":\"" + pipeline + "\",\"stageStates\":["
                        + stage("Source", "Succeeded", action("App", "Succeeded", "Add a green background"))
                        + "," + stage("Build", "Succeeded", action("Images", "Succeeded", null))
                        + "," + stage("Release", "InProgress", action("Discover", "Succeeded", null) + ","
                        + action("Deploy", "Succeeded", "stack shop-cluster updated") + ","
                        + "{\"actionName\":\"Review\",\"latestExecution\":{\"status\":\"InProgress\",\"token\":\""
                        + REVIEW_TOKEN + "\"}},{\"actionName\":\"Flip\"}") + "]}";
            } else {
                status = 400;
                answer = "{\"__type\":\"PipelineNotFoundException\",\"message\":\"Account does not have a pipeline "
                        + "with name\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** From now on, the last execution failed at its Check action, CodeBuild build {@code buildId}. */
    void failAtCheck(String buildId) {
        failedCheck = buildId;
    }

    private static String stage(String name, String status, String actions) {
        return "{\"stageName\":\"" + name + "\",\"latestExecution\":{\"pipelineExecutionId\":\"e-1\",\"status\":\""
                + status + "\"},\"actionStates\":[" + actions + "]}";
    }

    private static String action(String name, String status, String summary) {
        return "{\"actionName\":\"" + name + "\",\"latestExecution\":{\"status\":\"" + status + "\""
                + (summary == null ? "" : ",\"summary\":\"" + summary + "\"") + "}}";
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
