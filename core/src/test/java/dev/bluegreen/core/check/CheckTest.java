package dev.bluegreen.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.Outcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckTest {

    static final Duration TEN = Duration.ofSeconds(10);

    static HttpCheck version(String expected) {
        return new HttpCheck("version names the build", "/version", 200, null, Map.of("/label", expected), TEN);
    }

    static HttpAnswer json(int status, String body, Map<String, String> values) {
        return new HttpAnswer(status, body, Optional.of(values));
    }

    @Test
    void an_http_check_judges_the_status_then_the_text_then_each_json_value() {
        HttpCheck year = new HttpCheck("a year search finds Rush", "/year?year=2013", 200, "Rush", Map.of(), TEN);
        assertThat(year.failure(new HttpAnswer(200, "<li>Rush</li>", Optional.empty()))).isEmpty();
        assertThat(year.failure(new HttpAnswer(503, "<li>Rush</li>", Optional.empty())))
                .contains("answered 503, expected 200");
        assertThat(year.failure(new HttpAnswer(200, "No results", Optional.empty())))
                .contains("its body does not contain \"Rush\"");

        HttpCheck label = version("b3-3f2a1c9");
        assertThat(label.failure(json(200, "{}", Map.of("/label", "b3-3f2a1c9")))).isEmpty();
        assertThat(label.failure(json(200, "{}", Map.of("/label", "built-in"))))
                .contains("its JSON has \"built-in\" at /label, expected \"b3-3f2a1c9\"");
        assertThat(label.failure(json(200, "{}", Map.of()))).contains("its JSON has nothing at /label");
        assertThat(label.failure(new HttpAnswer(200, "<html>", Optional.empty()))).contains("its body is not JSON");
    }

    @Test
    void placeholders_are_filled_with_the_build_and_the_test_listener_and_an_unknown_one_is_refused() {
        HttpCheck check = new HttpCheck("links", "/version?b=${BLUEGREEN_TAG}", 200, "${TEST_URL}/static",
                Map.of("/label", "${BLUEGREEN_TAG}", "/commit", "${BLUEGREEN_COMMIT}"), TEN);

        HttpCheck filled = check.resolve(Map.of("BLUEGREEN_TAG", "b3-3f2a1c9", "BLUEGREEN_COMMIT", "3f2a1c9d",
                "TEST_URL", "http://127.0.0.1:8080"));

        assertThat(filled.path()).isEqualTo("/version?b=b3-3f2a1c9");
        assertThat(filled.contains()).isEqualTo("http://127.0.0.1:8080/static");
        assertThat(filled.json()).containsEntry("/label", "b3-3f2a1c9").containsEntry("/commit", "3f2a1c9d");
        assertThatThrownBy(() -> version("${BUILD_TAG}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("check 'version names the build': json /label names ${BUILD_TAG}, which is not one of "
                        + "${TEST_URL}, ${BLUEGREEN_TAG}, ${BLUEGREEN_COMMIT}");
    }

    @Test
    void a_check_that_cannot_be_run_is_refused_naming_the_check_and_the_field() {
        assertThatThrownBy(() -> new HttpCheck("home", "index.html", 200, null, Map.of(), TEN))
                .hasMessageStartingWith("check 'home': path must start with / (one)");
        assertThatThrownBy(() -> new HttpCheck("home", "//evil.example/", 200, null, Map.of(), TEN))
                .hasMessageStartingWith("check 'home': path must start with / (one)");
        assertThatThrownBy(() -> new HttpCheck("home", "/year?year={2013}", 200, null, Map.of(), TEN))
                .hasMessageStartingWith("check 'home': path is not a URL's path and query: Illegal character");
        assertThat(new HttpCheck("home", "/v?b=${BLUEGREEN_TAG}&q=%20", 200, null, Map.of(), TEN).path())
                .as("placeholders and escapes are fine").isEqualTo("/v?b=${BLUEGREEN_TAG}&q=%20");
        assertThatThrownBy(() -> new HttpCheck("home", "/", 99, null, Map.of(), TEN))
                .hasMessage("check 'home': status must be an HTTP status from 100 to 599, got 99");
        assertThatThrownBy(() -> new HttpCheck("home", "/", 200, null, Map.of("label", "x"), TEN))
                .hasMessageContaining("JSON Pointers starting with /");
        assertThatThrownBy(() -> new CommandCheck("", "true", TEN)).hasMessageContaining("a name of 1 to 100");
        assertThatThrownBy(() -> new CommandCheck("smoke", " ", TEN)).hasMessage("check 'smoke': command must not "
                + "be empty");
        assertThatThrownBy(() -> new CommandCheck("smoke", "true", Duration.ofHours(1)))
                .hasMessageContaining("at most 10 minutes");
    }

    @Test
    void the_verdict_names_every_check_that_passed_or_every_one_that_failed_with_its_output() {
        CheckResult home = CheckResult.passed("home page", "200", Duration.ofMillis(12));
        CheckResult smoke = CheckResult.failed("smoke", "exited with code 3", List.of("curl: (22) 404"),
                Duration.ofMillis(80));
        CheckResult version = CheckResult.failed("version", "its JSON has \"built-in\" at /label, expected \"b3\"",
                List.of(), Duration.ofMillis(5));

        assertThat(CheckResult.verdict(List.of(home))).isEqualTo(Outcome.done("1 check passed on the test side: "
                + "'home page' (12 ms)"));
        Outcome failed = CheckResult.verdict(List.of(home, smoke, version));
        assertThat(failed.done()).isFalse();
        assertThat(failed.message()).isEqualTo("2 of 3 checks failed on the test side: 'smoke', 'version'\n"
                + "smoke: exited with code 3\n  curl: (22) 404\n"
                + "version: its JSON has \"built-in\" at /label, expected \"b3\"");
    }

    @Test
    void json_expectations_keep_their_order() {
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("/b", "2");
        ordered.put("/a", "1");
        HttpCheck check = new HttpCheck("two", "/", 200, null, ordered, TEN);
        assertThat(check.failure(json(200, "{}", Map.of("/a", "9", "/b", "9")))).contains("its JSON has \"9\" at "
                + "/b, expected \"2\"");
    }
}
