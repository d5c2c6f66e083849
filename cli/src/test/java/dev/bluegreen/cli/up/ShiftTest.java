package dev.bluegreen.cli.up;

import static dev.bluegreen.cli.up.RunningUp.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.Cli;
import dev.bluegreen.testing.Promtool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic shifting by hand, as a user drives it: {@code bluegreen shift} sends a share of production to the build on
 * the test side, {@code status} shows the weights, a client with the sticky cookie keeps its side, and a platform
 * killed mid-shift comes back at the weights it had.
 */
class ShiftTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void shift_steps_are_exact_sticky_survive_kill_9_and_end_with_a_rollback_or_a_promotion() throws Exception {
        String[] options = {"--stickiness", "10m", "--deploy-timeout", "30000", "--api-tasks", "1"};
        String tag;
        RunningUp first = new RunningUp(dir).start(options);
        try {
            // bad input: clear messages, nothing moves
            Cli.Result zero = first.cli("shift", "--percent", "0");
            assertThat(zero.exitCode()).isEqualTo(1);
            assertThat(zero.err()).contains("--percent must be from 1 to 100").contains("bluegreen rollback");
            assertThat(first.cli("shift", "--percent", "101").err()).contains("--percent must be from 1 to 100");
            Cli.Result text = first.cli("shift", "--percent", "ten");
            assertThat(text.exitCode()).isEqualTo(2);
            assertThat(text.err()).contains("Invalid value for option '--percent': 'ten' is not an int");
            Cli.Result unknown = first.cli("shift", "--to", "b9-0000000", "--percent", "10");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("refused: build b9-0000000 is no longer on the test side (green runs "
                    + "built-in)");
            assertThat(first.post("/api/shift", first.token(), "{\"build\": \"built-in\", \"percent\": \"ten\"}")
                    .body()).contains("percent must be a whole number from 1 to 100");
            assertThat(weights(first)).containsExactly(Map.entry("blue", 100));

            // a build of the sample app on the test side, waiting for review
            assertThat(first.cli("deploy").exitCode()).isZero();
            JsonNode review = awaitReview(first);
            tag = review.path("tag").asText();
            assertThat(label(first.test)).isEqualTo(tag);

            try (Load load = new Load(URI.create("http://127.0.0.1:" + first.prod + "/version"), 6)) {
                load.awaitMore(100);
                Cli.Result shift = first.cli("shift", "--percent", "10");
                assertThat(shift.exitCode()).as(shift.err()).isZero();
                assertThat(shift.out()).contains("shift: 10 % of production on green (" + tag
                        + "), 90 % on blue (built-in)");
                load.awaitMore(300);
                load.close();
                assertThat(load.failures()).isEmpty();
                assertThat(load.sides()).containsOnlyKeys("blue", "green");
            }
            assertThat(first.cli("status").out()).contains("prod  http://127.0.0.1:" + first.prod
                    + "   -> blue 90 %, green 10 % (shifting)").contains("-> green   (clients");
            assertThat(weights(first)).containsExactly(Map.entry("blue", 90), Map.entry("green", 10));
            assertThat(sidesOf(first.prod, 100, null)).as("10 % of 100 requests")
                    .isEqualTo(Map.of("blue", 90, "green", 10));

            // sticky: the side a client was sent to names itself in a cookie, and the cookie keeps it there
            HttpResponse<String> chosen = get(first.prod, null);
            assertThat(chosen.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                    .matches("bluegreen-side=(blue|green); Path=/; Max-Age=600; HttpOnly; SameSite=Lax"));
            assertThat(sidesOf(first.prod, 30, "bluegreen-side=green")).isEqualTo(Map.of("green", 30));

            String metrics = RunningUp.get(first.control, "/metrics").body();
            assertThat(sample(metrics, "lb_listener_weight_percent", "listener=\"prod\"", "target_group=\"green\""))
                    .isEqualTo("10.0");
            assertThat(sample(metrics, "lb_listener_weight_percent", "listener=\"prod\"", "target_group=\"blue\""))
                    .isEqualTo("90.0");
            assertThat(sample(metrics, "bluegreen_routing_changes_total", "kind=\"shift\"", "outcome=\"done\""))
                    .isEqualTo("1.0");
            Promtool.Verdict verdict = Promtool.check(metrics);
            assertThat(verdict.passes()).as(verdict.output()).isTrue();

            List<ProcessHandle> tasks = first.tasks();
            first.process.destroyForcibly(); // kill -9 mid-shift
            first.process.waitFor(10, TimeUnit.SECONDS);
            RunningUp.awaitDeath(tasks, Duration.ofSeconds(20));
        } finally {
            first.close();
        }

        try (RunningUp again = new RunningUp(dir).start(options)) {
            assertThat(weights(again)).as("the weights recorded before the kill")
                    .containsExactly(Map.entry("blue", 90), Map.entry("green", 10));
            await("both sides healthy again", Duration.ofSeconds(60), () -> again.service("web-green")
                    .path("runningCount").asInt() >= 1 && again.service("web-blue").path("runningCount").asInt() >= 1);
            assertThat(sidesOf(again.prod, 100, null)).isEqualTo(Map.of("blue", 90, "green", 10));
            assertThat(again.cli("shift", "--to", tag, "--percent", "25").exitCode()).isZero();
            assertThat(sidesOf(again.prod, 100, null)).isEqualTo(Map.of("blue", 75, "green", 25));

            // a rollback ends the shift at once: the next requests, sticky to green or not, all go to blue
            Cli.Result rollback = again.cli("rollback");
            assertThat(rollback.exitCode()).as(rollback.err()).isZero();
            assertThat(sidesOf(again.prod, 50, "bluegreen-side=green")).isEqualTo(Map.of("blue", 50));
            assertThat(get(again.prod, null).headers().firstValue("Set-Cookie")).as("no split, no cookie").isEmpty();
            assertThat(again.cli("status").out()).contains("prod  http://127.0.0.1:" + again.prod + "   -> blue\n");

            // shifting again, then 100 %: the build is promoted, as a flip
            assertThat(again.cli("shift", "--percent", "50").exitCode()).isZero();
            Cli.Result promote = again.cli("shift", "--percent", "100");
            assertThat(promote.exitCode()).as(promote.err()).isZero();
            assertThat(promote.out()).contains("production now on green (" + tag + ")");
            assertThat(sidesOf(again.prod, 20, "bluegreen-side=blue")).isEqualTo(Map.of("green", 20));
            assertThat(weights(again)).containsExactly(Map.entry("green", 100));
            assertThat(again.status().path("events").toString()).contains("\"type\":\"shift\"")
                    .contains("shift: 50 % of production on green");
        }
    }

    /** The value of the one sample of a metric with these labels (among others). */
    private static String sample(String metrics, String name, String... labels) {
        List<String> found = metrics.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> List.of(labels).stream().allMatch(line::contains)).toList();
        assertThat(found).as(name + " " + List.of(labels)).hasSize(1);
        return found.get(0).substring(found.get(0).lastIndexOf(' ') + 1);
    }

    private static JsonNode awaitReview(RunningUp up) throws Exception {
        JsonNode[] found = new JsonNode[1];
        await("the build waits for review", Duration.ofSeconds(120), () -> {
            JsonNode newest = RunningUp.JSON.readTree(RunningUp.get(up.control, "/api/executions?limit=1").body());
            found[0] = newest.isEmpty() ? null : newest.get(0);
            return found[0] != null && "AWAITING_APPROVAL".equals(found[0].path("status").asText());
        });
        return found[0];
    }

    /** The production listener's weights, as status gives them. */
    private static Map<String, Integer> weights(RunningUp up) throws Exception {
        for (JsonNode listener : up.status().path("listeners")) {
            if ("prod".equals(listener.path("name").asText())) {
                Map<String, Integer> weights = new LinkedHashMap<>();
                listener.path("weights").fields().forEachRemaining(w -> weights.put(w.getKey(), w.getValue().asInt()));
                return weights;
            }
        }
        throw new AssertionError("no prod listener in status");
    }

    /** How many of {@code count} requests in a row each side answered (with that cookie, or none). */
    private static Map<String, Integer> sidesOf(int port, int count, String cookie) throws Exception {
        Map<String, Integer> sides = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = get(port, cookie);
            assertThat(response.statusCode()).isEqualTo(200);
            sides.merge(RunningUp.JSON.readTree(response.body()).path("side").asText(), 1, Integer::sum);
        }
        return sides;
    }

    private static HttpResponse<String> get(int port, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version"))
                .timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String label(int port) throws Exception {
        return RunningUp.JSON.readTree(RunningUp.get(port, "/version").body()).path("label").asText();
    }
}
