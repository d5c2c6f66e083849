package dev.bluegreen.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's files and {@code GET /api/traffic} over HTTP, from a real platform with real tasks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardHttpTest {

    PlatformUnderTest platform;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        platform = PlatformUnderTest.start(dir);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void traffic_is_a_point_a_second_per_target_group_counting_the_requests_of_that_second() throws Exception {
        platform.sendRequests("prod", 20);

        JsonNode traffic = awaitTraffic("the 20 requests to blue", t -> sum(t, "blue", "rps") >= 19);
        assertThat(traffic.get("interval").asLong()).isEqualTo(1000);
        assertThat(names(traffic.get("groups"))).containsExactly("api", "blue", "green");
        for (JsonNode point : traffic.get("groups").get("blue")) {
            assertThat(names(point)).containsExactly("clientAborts", "errorRate", "p99", "rps", "t", "weight");
            assertThat(point.get("weight").asInt()).as("production's weight on blue").isEqualTo(100);
        }
        // each second counts its own requests (a late tick is scaled to per second, hence "close to")
        assertThat(sum(traffic, "blue", "rps")).isCloseTo(20, within(1.0));
        assertThat(sum(traffic, "blue", "errorRate")).isZero();
        List<Long> times = new ArrayList<>();
        traffic.get("groups").get("blue").forEach(point -> times.add(point.get("t").asLong()));
        assertThat(times).isSorted().doesNotHaveDuplicates();
        assertThat(times.get(times.size() - 1) - times.get(0)).isLessThan(1000L * times.size() + 1000);
        JsonNode busy = first(traffic.get("groups").get("blue"), point -> point.get("rps").asDouble() > 0);
        assertThat(busy.get("p99").isNumber()).as("p99 of a second with requests: %s", busy).isTrue();
        for (JsonNode idle : traffic.get("groups").get("green")) {
            assertThat(idle.get("rps").asDouble()).isZero();
            assertThat(idle.get("p99").isNull()).as("no latency without requests: %s", idle).isTrue();
        }
    }

    @Test
    void requests_answered_503_count_as_errors_of_their_target_group() throws Exception {
        String testSide = platform.side("test");
        String body = "{\"count\": 0}";
        HttpResponse<String> scaled = platform.http.send(java.net.http.HttpRequest.newBuilder(
                        platform.control("/api/services/web-" + testSide + "/scale"))
                .header("Authorization", "Bearer " + platform.token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int failed = 0;
        while (failed < 5 && System.nanoTime() < deadline) {
            failed += platform.get(platform.listener("test", "/health")).statusCode() == 503 ? 1 : 0;
        }
        assertThat(failed).as("503s from the test listener once its side has no task").isEqualTo(5);

        JsonNode traffic = awaitTraffic("the 503s of " + testSide, t -> sum(t, testSide, "errorRate") > 0);
        JsonNode failing = first(traffic.get("groups").get(testSide), p -> p.get("errorRate").asDouble() > 0);
        assertThat(failing.get("errorRate").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
        assertThat(failing.get("rps").asDouble()).isPositive();
    }

    @Test
    void the_page_is_served_at_the_root_and_allows_no_inline_script_or_style() throws Exception {
        HttpResponse<String> page = platform.get(platform.control("/"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(contentType(page)).isEqualTo("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/dashboard.js\"></script>");
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page.body()).find()).as("inline script")
                .isFalse();
        assertThat(Pattern.compile("\\s(on\\w+|style)=").matcher(page.body()).find()).as("inline handlers, styles")
                .isFalse();
    }

    @Test
    void every_file_the_page_and_its_modules_use_is_served_with_its_type() throws Exception {
        Set<String> files = new TreeSet<>(references(platform.get(platform.control("/")).body(),
                "(?:src|href)=\"/dashboard/([^\"]+)\""));
        // the modules' imports, transitively: a module missing from what the server knows breaks the page
        Deque<String> modules = new ArrayDeque<>(files.stream().filter(file -> file.endsWith(".js")).toList());
        while (!modules.isEmpty()) {
            for (String imported : references(platform.get(platform.control("/dashboard/" + modules.pop())).body(),
                    "from '\\./([^']+)'")) {
                if (files.add(imported)) {
                    modules.push(imported);
                }
            }
        }
        assertThat(files).contains("dashboard.css", "favicon.svg", "dashboard.js", "api.js", "dialogs.js");
        for (String file : files) {
            HttpResponse<String> answer = platform.get(platform.control("/dashboard/" + file));
            assertThat(answer.statusCode()).as(file).isEqualTo(200);
            assertThat(contentType(answer)).as(file).isEqualTo(switch (file.substring(file.lastIndexOf('.') + 1)) {
                case "js" -> "text/javascript;charset=utf-8";
                case "css" -> "text/css;charset=utf-8";
                case "svg" -> "image/svg+xml";
                default -> "unexpected";
            });
        }
    }

    @Test
    void only_the_dashboards_own_files_are_served() throws Exception {
        for (String path : List.of("/dashboard/nothing.js", "/dashboard/..%2Fcontrol%2FToken.class",
                "/dashboard/%2e%2e%2fdashboard%2fTrafficHistory.class", "/dashboard/")) {
            HttpResponse<String> answer = platform.get(platform.control(path));
            assertThat(answer.statusCode()).as(path).isIn(400, 404);
            assertThat(PlatformUnderTest.JSON.readTree(answer.body()).has("error")).as(path + ": " + answer.body())
                    .isTrue();
        }
    }

    @Test
    void a_file_the_browser_has_is_not_sent_again() throws Exception {
        HttpResponse<String> first = platform.get(platform.control("/dashboard/dashboard.js"));
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = platform.get(platform.control("/dashboard/dashboard.js"), "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    /** Jetty writes "text/html;charset=utf-8" for what was set as "text/html; charset=utf-8": the same type. */
    private static String contentType(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").orElse("none").replace(" ", "");
    }

    private JsonNode awaitTraffic(String what, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode traffic = platform.json("/api/traffic");
        while (!done.test(traffic)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET /api/traffic never showed " + what + ": " + traffic);
            }
            Thread.sleep(200);
            traffic = platform.json("/api/traffic");
        }
        return traffic;
    }

    private static double sum(JsonNode traffic, String group, String field) {
        double sum = 0;
        for (JsonNode point : traffic.get("groups").path(group)) {
            sum += point.get(field).asDouble();
        }
        return sum;
    }

    private static JsonNode first(JsonNode points, Predicate<JsonNode> wanted) {
        for (JsonNode point : points) {
            if (wanted.test(point)) {
                return point;
            }
        }
        throw new AssertionError("no such point in " + points);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    private static List<String> references(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
