package dev.bluegreen.aws.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lambda's Runtime API (the HTTP interface a function's runtime polls for invocations) on 127.0.0.1: hands out
 * queued events and collects what the function answers, so that the real runtime client runs the real jar.
 */
final class FakeLambdaRuntime implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private final HttpServer server;
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();

    FakeLambdaRuntime() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** host:port, as AWS_LAMBDA_RUNTIME_API expects it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation; the future completes with the response body, or "error: ..." for a function error. */
    CompletableFuture<String> invoke(String requestId, String event) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(requestId, answer);
        events.add(new String[] {requestId, event});
        return answer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals(PREFIX + "invocation/next")) {
            String[] next;
            try {
                next = events.poll(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                next = null;
            }
            if (next == null) {
                reply(exchange, 500, "{}");
                return;
            }
            exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", next[0]);
            exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                    Long.toString(System.currentTimeMillis() + 120_000));
            exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:eu-west-1:123456789012:function:movies-flip");
            exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
            // the runtime client's native part reads these unconditionally: without them it crashes the JVM
            exchange.getResponseHeaders().set("Lambda-Runtime-Client-Context", "{}");
            exchange.getResponseHeaders().set("Lambda-Runtime-Cognito-Identity", "{}");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply(exchange, 200, next[1]);
        } else if (path.startsWith(PREFIX + "invocation/") && path.endsWith("/response")) {
            complete(path, body);
            reply(exchange, 202, "{}");
        } else if (path.startsWith(PREFIX + "invocation/") && path.endsWith("/error")) {
            complete(path, "error: " + body);
            reply(exchange, 202, "{}");
        } else if (path.equals(PREFIX + "init/error")) {
            answers.values().forEach(a -> a.complete("init error: " + body));
            reply(exchange, 202, "{}");
        } else {
            reply(exchange, 404, "{}");
        }
    }

    private void complete(String path, String body) {
        String id = path.substring((PREFIX + "invocation/").length(), path.lastIndexOf('/'));
        CompletableFuture<String> answer = answers.get(id);
        if (answer != null) {
            answer.complete(body);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
