package dev.bluegreen.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CloudWatch's GetMetricData as the SDK calls it today, at the HTTP level (moto 5.2.1 answers this protocol with a
 * 404): Smithy RPC v2 CBOR, a POST to {@code /service/GraniteServiceVersion20100801/operation/GetMetricData} with
 * the header {@code smithy-protocol: rpc-v2-cbor} and a CBOR body; the answer is CBOR too, its timestamps tagged
 * epoch seconds. It holds the figures a test gives it, by metric and dimension, records every request, and refuses
 * any call that does not come in that protocol.
 */
final class FakeCloudWatch implements AutoCloseable {

    static final String PATH = "/service/GraniteServiceVersion20100801/operation/GetMetricData";

    /** One GetMetricData call as it arrived: its headers of interest and its decoded body. */
    record Request(String protocol, String contentType, JsonNode body) {
    }

    private static final CBORMapper CBOR = new CBORMapper();
    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** "metric dimensionValue stat" → the value CloudWatch would give for the whole period asked. */
    private final Map<String, Double> figures = new ConcurrentHashMap<>();
    private final AtomicBoolean refusing = new AtomicBoolean();

    FakeCloudWatch() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** What a target group's targets answered: requests, their 5xx, their p99 time to answer in seconds. */
    void targetGroup(String dimension, long requests, long errors, double p99Seconds) {
        figures.put("RequestCount " + dimension + " Sum", (double) requests);
        figures.put("HTTPCode_Target_5XX_Count " + dimension + " Sum", (double) errors);
        figures.put("TargetResponseTime " + dimension + " p99", p99Seconds);
    }

    /** What the load balancer answered for failing targets, e.g. ("HTTPCode_ELB_503_Count", "app/x/1", 4). */
    void loadBalancer(String metric, String dimension, long count) {
        figures.put(metric + " " + dimension + " Sum", (double) count);
    }

    /** From now on, every call is refused (400). */
    void refuse() {
        refusing.set(true);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String protocol = exchange.getRequestHeaders().getFirst("smithy-protocol");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(PATH)
                || !"rpc-v2-cbor".equals(protocol)) {
            reply(exchange, 404, error("UnknownOperationException", "not GetMetricData in RPC v2 CBOR: "
                    + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " smithy-protocol " + protocol));
            return;
        }
        JsonNode request = CBOR.readTree(body);
        requests.add(new Request(protocol, contentType, request));
        if (refusing.get()) {
            reply(exchange, 400, error("InvalidParameterValueException", "refused (injected)"));
            return;
        }
        reply(exchange, 200, answer(request));
    }

    /** One datapoint per query, at the start of the period asked; none for a metric it holds no figure of. */
    private byte[] answer(JsonNode request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeArrayFieldStart("MetricDataResults");
            for (JsonNode query : request.path("MetricDataQueries")) {
                JsonNode stat = query.path("MetricStat");
                JsonNode metric = stat.path("Metric");
                String dimension = null;
                for (JsonNode d : metric.path("Dimensions")) {
                    if (dimension == null || d.path("Name").asText().equals("TargetGroup")) {
                        dimension = d.path("Value").asText();
                    }
                }
                Double value = figures.get(metric.path("MetricName").asText() + " " + dimension + " "
                        + stat.path("Stat").asText());
                cbor.writeStartObject();
                cbor.writeStringField("Id", query.path("Id").asText());
                cbor.writeStringField("Label", metric.path("MetricName").asText());
                cbor.writeArrayFieldStart("Timestamps");
                if (value != null) {
                    cbor.writeTag(1); // epoch seconds, as RPC v2 CBOR writes a timestamp
                    cbor.writeNumber(request.path("StartTime").asDouble());
                }
                cbor.writeEndArray();
                cbor.writeArrayFieldStart("Values");
                if (value != null) {
                    cbor.writeNumber(value);
                }
                cbor.writeEndArray();
                cbor.writeStringField("StatusCode", "Complete");
                cbor.writeEndObject();
            }
            cbor.writeEndArray();
            cbor.writeArrayFieldStart("Messages");
            cbor.writeEndArray();
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] error(String type, String message) throws IOException {
        return CBOR.writeValueAsBytes(Map.of("__type", type, "message", message));
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        exchange.getResponseHeaders().set("Content-Type", "application/cbor");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
