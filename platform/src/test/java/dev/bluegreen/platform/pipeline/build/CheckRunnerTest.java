package dev.bluegreen.platform.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bluegreen.core.check.Check;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.check.CommandCheck;
import dev.bluegreen.core.check.HttpCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks as the pipeline runs them: against a real HTTP server standing for the test side, commands in the
 * build's sandbox (bubblewrap, which run-tests installs) with {@code $TEST_URL}, their output in the build's log.
 */
class CheckRunnerTest {

    static final Duration SHORT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    HttpServer testSide;
    URI testUrl;
    Path checkout;
    Path log;
    final CheckRunner runner = new CheckRunner(BuildRunner.Settings.detect(List.of()));

    @BeforeEach
    void start() throws IOException {
        testSide = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/", 200, "<h1>Movies Database</h1><p>Find movies by year</p>");
        answer("/version", 200, "{\"label\": \"b3-3f2a1c9\", \"side\": \"green\", \"port\": 8000}");
        answer("/broken", 503, "{\"error\": \"unavailable\", \"message\": \"the API does not answer\"}");
        testSide.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("<html>".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            sleep(3_000);
            exchange.close();
        });
        testSide.createContext("/slow", exchange -> {
            sleep(3_000);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        testSide.start();
        testUrl = URI.create("http://127.0.0.1:" + testSide.getAddress().getPort());
        checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.writeString(checkout.resolve("smoke.sh"), "echo smoke for $BLUEGREEN_TAG; exit ${1:-0}\n");
        log = dir.resolve("logs/b3-3f2a1c9.log");
    }

    @AfterEach
    void stop() {
        testSide.stop(0);
    }

    private List<CheckResult> run(Check... checks) throws InterruptedException {
        return run(() -> false, checks);
    }

    private List<CheckResult> run(BooleanSupplier cancelled, Check... checks)
            throws InterruptedException {
        Map<String, String> variables = Map.of("TEST_URL", testUrl.toString(), "BLUEGREEN_TAG", "b3-3f2a1c9",
                "BLUEGREEN_COMMIT", "3f2a1c9d0e");
        return runner.run(List.of(checks).stream().map(check -> check.resolve(variables)).toList(),
                new CheckRequest(checkout, testUrl, variables, log, cancelled));
    }

    @Test
    void requests_pass_or_fail_on_their_status_text_and_json_with_the_reason() throws Exception {
        List<CheckResult> results = run(
                new HttpCheck("home page", "/", 200, "Find movies", Map.of(), SHORT),
                new HttpCheck("version names the build", "/version", 200, null,
                        Map.of("/label", "${BLUEGREEN_TAG}", "/port", "8000"), SHORT),
                new HttpCheck("version of another build", "/version", 200, null, Map.of("/label", "b2-0000000"),
                        SHORT),
                new HttpCheck("the API answers", "/broken", 200, null, Map.of(), SHORT),
                new HttpCheck("a page that is no JSON", "/", 200, null, Map.of("/label", "x"), SHORT));

        assertThat(results).extracting(CheckResult::passed).containsExactly(true, true, false, false, false);
        assertThat(results.get(0).detail()).startsWith("GET / answered 200 in ");
        assertThat(results.get(2).detail()).isEqualTo("GET /version its JSON has \"b3-3f2a1c9\" at /label, expected "
                + "\"b2-0000000\"");
        assertThat(results.get(3).detail()).isEqualTo("GET /broken answered 503, expected 200");
        assertThat(results.get(3).output()).containsExactly("the body began: {\"error\": \"unavailable\", "
                + "\"message\": \"the API does not answer\"}");
        assertThat(results.get(4).detail()).isEqualTo("GET / its body is not JSON");
        assertThat(Files.readString(log)).contains("[Container] Check 'home page': GET " + testUrl + "/\n",
                "[Container] Check 'home page' passed: GET / answered 200",
                "[Container] Check 'the API answers' FAILED: GET /broken answered 503, expected 200");
    }

    @Test
    void a_request_without_an_answer_in_time_or_at_all_fails_saying_so() throws Exception {
        List<CheckResult> results = run(new HttpCheck("slow", "/slow", 200, null, Map.of(), Duration.ofMillis(300)));
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.passed()).isFalse();
            assertThat(result.detail()).isEqualTo("GET /slow: no answer within 300 ms");
        });

        assertThat(run(new HttpCheck("endless", "/endless", 200, null, Map.of(), Duration.ofMillis(300))))
                .as("a body that does not end in time").singleElement()
                .satisfies(result -> assertThat(result.detail()).isEqualTo("GET /endless: no answer within 300 ms"));

        testUrl = URI.create("http://127.0.0.1:" + freePort());
        assertThat(run(new HttpCheck("down", "/", 200, null, Map.of(), SHORT))).singleElement()
                .satisfies(result -> assertThat(result.detail()).startsWith("GET /: java.net.ConnectException"));
    }

    @Test
    void commands_run_in_the_checkout_and_the_sandbox_with_the_test_url_and_fail_with_their_output()
            throws Exception {
        List<CheckResult> results = run(
                new CommandCheck("smoke", "bash smoke.sh", SHORT),
                new CommandCheck("the test side from the sandbox", "hostport=${TEST_URL#http://}; "
                        + "exec 3<>/dev/tcp/${hostport%:*}/${hostport##*:} && echo reached $TEST_URL", SHORT),
                new CommandCheck("broken smoke", "bash smoke.sh 4", SHORT),
                new CommandCheck("too slow", "sleep 30", Duration.ofMillis(500)));

        assertThat(results).extracting(CheckResult::passed).containsExactly(true, true, false, false);
        assertThat(results.get(2).detail()).isEqualTo("the command exited with code 4");
        assertThat(results.get(2).output()).containsExactly("smoke for b3-3f2a1c9");
        assertThat(results.get(3).detail()).isEqualTo("the command did not finish within 500 ms");
        assertThat(Files.readString(log)).contains("[Container] Check 'smoke': running command bash smoke.sh",
                "smoke for b3-3f2a1c9", "reached " + testUrl);
    }

    @Test
    void once_cancelled_the_running_command_stops_and_the_rest_do_not_run() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread canceller = new Thread(() -> {
            sleep(500);
            cancelled.set(true);
        });
        canceller.start();

        List<CheckResult> results = run(cancelled::get, new CommandCheck("long", "sleep 60", Duration.ofSeconds(60)),
                new HttpCheck("home page", "/", 200, null, Map.of(), SHORT));

        assertThat(results).extracting(CheckResult::detail).containsExactly("cancelled", "not run: cancelled");
    }

    private void answer(String path, int status, String body) {
        testSide.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
