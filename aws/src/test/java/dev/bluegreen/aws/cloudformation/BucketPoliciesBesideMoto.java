package dev.bluegreen.aws.cloudformation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bluegreen.testing.MotoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * S3 bucket policies, kept here in front of moto's S3 (path-style requests) while everything else goes to moto as
 * it is. Moto enforces a bucket policy's Deny without evaluating its {@code aws:SecureTransport} condition (it
 * ignores {@code Bool} conditions): with the template bucket's TLS-only policy in moto, no upload would succeed,
 * though on AWS every upload is made over TLS. So the policy is recorded here, for tests to read, and not enforced.
 * It also records, for each request, the account it expected to own the bucket (moto ignores that header).
 */
public final class BucketPoliciesBesideMoto implements AutoCloseable {

    /** Headers the JDK's client sets itself (or refuses to be given). */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final URI moto;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> policies = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public BucketPoliciesBesideMoto(MotoServer moto) throws IOException {
        this.moto = moto.endpoint();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the CLI's S3 calls go ({@code AWS_ENDPOINT_URL_S3}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The policy a bucket was given, if any. */
    public Optional<String> policy(String bucket) {
        return Optional.ofNullable(policies.get(bucket));
    }

    /** Every request so far: {@code METHOD /path?query owner=<x-amz-expected-bucket-owner or none>}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = String.valueOf(exchange.getRequestURI().getRawQuery());
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " owner="
                + exchange.getRequestHeaders().getFirst("x-amz-expected-bucket-owner"));
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (query.equals("policy") && path.indexOf('/', 1) < 0) {
            String bucket = path.substring(1);
            switch (exchange.getRequestMethod()) {
                case "PUT" -> {
                    policies.put(bucket, new String(body, StandardCharsets.UTF_8));
                    send(exchange, 204, new byte[0]);
                }
                case "DELETE" -> {
                    policies.remove(bucket);
                    send(exchange, 204, new byte[0]);
                }
                default -> {
                    String policy = policies.get(bucket);
                    if (policy == null) {
                        exchange.getResponseHeaders().set("Content-Type", "application/xml");
                        send(exchange, 404, ("<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy "
                                + "does not exist</Message><BucketName>" + bucket + "</BucketName></Error>")
                                .getBytes(StandardCharsets.UTF_8));
                    } else {
                        exchange.getResponseHeaders().set("Content-Type", "application/json");
                        send(exchange, 200, policy.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return;
        }
        forward(exchange, body);
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        boolean head = exchange.getRequestMethod().equals("HEAD");
        send(exchange, response.statusCode(), head ? new byte[0] : response.body());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
