package dev.bluegreen.web;

import static dev.bluegreen.web.Web.get;
import static dev.bluegreen.web.Web.page;
import static dev.bluegreen.web.Web.titles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.service.ServiceHost;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** When the API is down, broken or slow: clear 502/503 pages, never a blank 200; and how several instances help. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDownTest {

    static final ObjectMapper JSON = new ObjectMapper();

    RealApi api;

    @BeforeAll
    void start(@TempDir Path dir) {
        api = RealApi.start(dir, 2);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void an_unreachable_api_is_a_502_page_and_not_ready() throws Exception {
        try (ServiceHost web = Web.start(URI.create("http://127.0.0.1:" + Web.closedPort()))) {
            for (String path : List.of("/year?year=2000", "/title?title=Rush", "/search?q=rush", "/browse",
                    "/movie?year=2013&title=Rush")) {
                String html = page(web, path, 502);
                assertThat(html).as(path).contains("<h1 id=\"error-heading\">The movie service cannot be reached</h1>",
                        "could not be reached. Please try again in a moment.", "api_unreachable")
                        // internal addresses stay in the log
                        .doesNotContain("127.0.0.1:");
            }
            // pages that need no API still work, and bad input is still the visitor's mistake
            page(web, "/", 200);
            page(web, "/year?year=abc", 400);
            assertThat(get(web, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(web, "/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.get("status").textValue()).isEqualTo("unavailable");
            assertThat(body.get("apis").get(0).textValue()).contains("/ready", "ConnectException");
        }
    }

    @Test
    void an_api_that_says_it_is_unavailable_is_a_503_page() throws Exception {
        try (StubApi stub = StubApi.answering(503, "application/json",
                "{\"error\":\"unavailable\",\"message\":\"the movie database is unavailable: closed\"}");
             ServiceHost web = Web.start(stub.uri())) {
            assertThat(page(web, "/year?year=2000", 503)).contains("The movie service is unavailable",
                    "The movie database is unavailable right now.", "api_unavailable");
            assertThat(get(web, "/ready").statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(get(web, "/ready").body()).get("apis").get(0).textValue())
                    .contains("answered 503", "the movie database is unavailable: closed");
        }
    }

    @Test
    void an_api_failing_or_answering_nonsense_is_a_502_page() {
        for (StubApi stub : List.of(
                StubApi.answering(500, "application/json", "{\"error\":\"internal\",\"message\":\"boom\"}"),
                StubApi.answering(200, "text/html", "<html>a proxy's page</html>"),
                StubApi.answering(200, "application/json", "{\"items\":[{\"year\":2000}],\"next_cursor\":null}"),
                StubApi.answering(200, "application/json", "{\"unexpected\":true}"))) {
            try (stub; ServiceHost web = Web.start(stub.uri())) {
                assertThat(page(web, "/year?year=2000", 502)).contains("gave an answer this site cannot use",
                        "api_bad_answer");
            }
        }
    }

    @Test
    void a_slow_api_is_a_502_page_within_the_request_timeout() {
        try (StubApi stub = StubApi.answering(200, "application/json", "{\"items\":[]}", Duration.ofSeconds(5));
             ServiceHost web = MoviesWeb.start(Web.settings("web-1"), new WebSettings(List.of(stub.uri()), null,
                     Duration.ofSeconds(1), Duration.ofMillis(300), null))) {
            long started = System.nanoTime();
            assertThat(page(web, "/year?year=2000", 502)).contains("cannot be reached");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void round_robin_over_two_instances_with_one_dead_port_still_answers_every_request() {
        URI dead = URI.create("http://127.0.0.1:" + Web.closedPort());
        for (List<URI> apis : List.of(List.of(dead, api.uri()), List.of(api.uri(), dead))) {
            try (ServiceHost web = Web.start(apis, null)) {
                for (int i = 0; i < 10; i++) {
                    assertThat(titles(page(web, "/title?title=Rush", 200))).as("%s #%d", apis, i).hasSize(2);
                }
                assertThat(get(web, "/ready").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void a_connection_reset_before_the_answer_is_retried_on_the_other_instance() throws Exception {
        try (ResettingServer resetting = new ResettingServer();
             ServiceHost web = Web.start(List.of(resetting.uri(), api.uri()), null)) {
            for (int i = 0; i < 10; i++) {
                assertThat(titles(page(web, "/year?year=2013", 200))).as("#%d", i).contains("Rush", "Gravity");
            }
        }
    }

    @Test
    void requests_take_the_instances_in_turn() {
        try (ServiceHost web = Web.start(List.of(api.instance(0).uri(), api.instance(1).uri()), null)) {
            for (int i = 0; i < 10; i++) {
                page(web, "/search?q=rush", 200);
            }
        }
        assertThat(searches(api.instance(0))).isEqualTo(5);
        assertThat(searches(api.instance(1))).isEqualTo(5);
    }

    private static double searches(ServiceHost instance) {
        var timer = instance.metrics().registry().find("http.server.requests").tag("route", "/movies").timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void a_base_url_with_a_path_prefix_and_a_trailing_slash_is_accepted() {
        WebSettings settings = WebSettings.of(WebSettings.parseApis(" http://127.0.0.1:1/api/ ,http://h:2"), null);
        assertThat(settings.apis()).containsExactly(URI.create("http://127.0.0.1:1/api"), URI.create("http://h:2"));
        assertThatThrownBy(() -> WebSettings.of(List.of(URI.create("ftp://h")), null))
                .hasMessageContaining("must be http(s)://host[:port][/path]");
        assertThatThrownBy(() -> WebSettings.of(List.of(), null))
                .hasMessageContaining("--api");
    }
}
