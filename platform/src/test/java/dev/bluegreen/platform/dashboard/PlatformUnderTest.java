package dev.bluegreen.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.platform.lb.Cidr;
import dev.bluegreen.platform.lb.ClientLimits;
import dev.bluegreen.platform.lb.HealthCheck;
import dev.bluegreen.platform.runtime.LocalPlatform;
import dev.bluegreen.platform.runtime.PipelineConfig;
import dev.bluegreen.platform.runtime.PlatformConfig;
import dev.bluegreen.platform.tasks.TaskDefinition;
import dev.bluegreen.platform.tasks.TestTask;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real local platform for the dashboard's tests: the load balancer on free ports, a temporary data directory,
 * and {@link TestTask} (a tiny real HTTP process) as every service's task, one each.
 */
final class PlatformUnderTest implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VERSION = "v1";
    private static final HealthCheck FAST = new HealthCheck("/health", Duration.ofMillis(200), Duration.ofMillis(500),
            2, 2);

    final LocalPlatform platform;
    final HttpClient http = HttpClient.newHttpClient();
    final String token;
    private final boolean readsNeedToken;

    private PlatformUnderTest(LocalPlatform platform, String token, boolean readsNeedToken) {
        this.platform = platform;
        this.token = token;
        this.readsNeedToken = readsNeedToken;
    }

    static PlatformUnderTest start(Path dataDir) throws Exception {
        return start(dataDir, "127.0.0.1");
    }

    /** With the control API bound to {@code controlHost} (the listeners stay on loopback). */
    static PlatformUnderTest start(Path dataDir, String controlHost) throws Exception {
        PlatformConfig config = new PlatformConfig(dataDir, "127.0.0.1", controlHost, 0, 0, 0, 0,
                List.of(Cidr.parse("127.0.0.1/32")), 1, 1, 1, VERSION, FAST, Duration.ofMillis(500),
                PipelineConfig.defaults(), ClientLimits.DEFAULTS, Duration.ZERO);
        TaskDefinition task = new TaskDefinition("test-task", command(), Map.of(), "/health", Duration.ofSeconds(20),
                Duration.ofSeconds(5));
        LocalPlatform platform = LocalPlatform.start(config, (service, apiListener) -> task, VERSION,
                Clock.systemUTC());
        try {
            assertThat(platform.awaitServing(Duration.ofSeconds(30))).as("every service has a healthy task").isTrue();
            return new PlatformUnderTest(platform, Files.readString(config.tokenFile()).trim(),
                    !controlHost.startsWith("127."));
        } catch (Throwable e) {
            platform.close();
            throw e;
        }
    }

    /** The test task in a JVM of its own, trimmed for a fast start (it needs nothing but the JDK). */
    private static List<String> command() throws URISyntaxException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(TestTask.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-cp",
                classes, TestTask.class.getName(), "--port=" + TaskDefinition.PORT_PLACEHOLDER);
    }

    /** The control API as this machine's browser reaches it, whatever address it is bound to. */
    URI control(String path) {
        return URI.create("http://127.0.0.1:" + platform.endpoints().control().getPort()).resolve(path);
    }

    URI listener(String name, String path) {
        return platform.endpoints().listeners().get(name).resolve(path);
    }

    HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A read as the CLI makes it: with the token when the control API needs it for reads. */
    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = readsNeedToken ? get(control(path), "Authorization", "Bearer " + token)
                : get(control(path));
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The side a listener forwards to, as the platform itself says. */
    String side(String listener) throws IOException, InterruptedException {
        for (JsonNode node : json("/api/status").get("listeners")) {
            if (node.get("name").asText().equals(listener)) {
                return node.get("targetGroup").asText();
            }
        }
        throw new AssertionError("no listener " + listener);
    }

    /** The listener that forwards to a target group now. */
    String listenerOf(String group) throws IOException, InterruptedException {
        for (JsonNode node : json("/api/status").get("listeners")) {
            if (node.get("targetGroup").asText().equals(group)) {
                return node.get("name").asText();
            }
        }
        throw new AssertionError("no listener forwards to " + group);
    }

    /** A change through the control API with the token (what the CLI does). */
    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(control(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Requests through a listener, to its target group's tasks. */
    void sendRequests(String listener, int count) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            assertThat(get(listener(listener, "/health")).statusCode()).isEqualTo(200);
        }
    }

    @Override
    public void close() {
        platform.close();
    }
}
