package dev.bluegreen.aws.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted CloudFormation endpoint at the HTTP level (the AWS Query protocol: form-encoded {@code Action=...},
 * XML answers), for what moto cannot do: moto creates every stack at once, never fails a resource and records no
 * resource events, so a failed create and its rollback can only be played from a script.
 *
 * <p>The script: a create is accepted; each DescribeStacks then moves one step along {@code statuses} and reveals
 * the events of that step, on the stack and on its one nested stack.
 */
final class FakeCloudFormation implements AutoCloseable {

    static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    record Event(int step, boolean nested, String resource, String type, String status, String reason) {
    }

    private final HttpServer server;
    private final String stackName;
    private final String stackId;
    private final String nestedId;
    private final List<String> statuses;
    private final List<Event> events;
    private final Instant start = Instant.parse("2026-11-28T10:00:00Z");
    private boolean created;
    private int step;
    final List<String> actions = new ArrayList<>();

    FakeCloudFormation(String stackName, List<String> statuses, List<Event> events) throws IOException {
        this.stackName = stackName;
        this.stackId = "arn:aws:cloudformation:eu-west-1:123456789012:stack/" + stackName + "/1";
        this.nestedId = "arn:aws:cloudformation:eu-west-1:123456789012:stack/" + stackName + "-Network-X/2";
        this.statuses = statuses;
        this.events = events;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String action = form.get("Action");
        actions.add(action);
        String name = form.get("StackName");
        switch (action) {
            case "DescribeStacks" -> {
                if (!created) {
                    error(exchange, "Stack with id " + name + " does not exist");
                    return;
                }
                step = Math.min(step + 1, statuses.size() - 1);
                ok(exchange, action, "<Stacks><member><StackName>" + stackName + "</StackName><StackId>" + stackId
                        + "</StackId><StackStatus>" + statuses.get(step) + "</StackStatus><CreationTime>" + start
                        + "</CreationTime></member></Stacks>");
            }
            case "CreateStack" -> {
                created = true;
                ok(exchange, action, "<StackId>" + stackId + "</StackId>");
            }
            case "DescribeStackEvents" -> {
                boolean nested = nestedId.equals(name);
                StringBuilder xml = new StringBuilder("<StackEvents>");
                for (int i = events.size() - 1; i >= 0; i--) { // newest first, as CloudFormation lists them
                    Event e = events.get(i);
                    if (e.step() <= step && e.nested() == nested) {
                        xml.append("<member><EventId>e").append(i).append("</EventId><StackId>")
                                .append(nested ? nestedId : stackId).append("</StackId><StackName>").append(stackName)
                                .append("</StackName><LogicalResourceId>").append(e.resource())
                                .append("</LogicalResourceId><ResourceType>").append(e.type())
                                .append("</ResourceType><Timestamp>").append(start.plusSeconds(i))
                                .append("</Timestamp><ResourceStatus>").append(e.status())
                                .append("</ResourceStatus><ResourceStatusReason>").append(e.reason())
                                .append("</ResourceStatusReason></member>");
                    }
                }
                ok(exchange, action, xml.append("</StackEvents>").toString());
            }
            case "DescribeStackResources" -> ok(exchange, action, "<StackResources><member><StackName>" + stackName
                    + "</StackName><LogicalResourceId>Network</LogicalResourceId><PhysicalResourceId>" + nestedId
                    + "</PhysicalResourceId><ResourceType>AWS::CloudFormation::Stack</ResourceType><Timestamp>"
                    + start + "</Timestamp><ResourceStatus>CREATE_FAILED</ResourceStatus></member></StackResources>");
            default -> error(exchange, "the fake does not know " + action);
        }
    }

    private static void ok(HttpExchange exchange, String action, String result) throws IOException {
        send(exchange, 200, "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</"
                + action + "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" + action
                + "Response>");
    }

    private static void error(HttpExchange exchange, String message) throws IOException {
        send(exchange, 400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>ValidationError"
                + "</Code><Message>" + message + "</Message></Error><RequestId>r</RequestId></ErrorResponse>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
