package dev.bluegreen.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.testing.Promtool;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceHostTest {

    final CountDownLatch slowStarted = new CountDownLatch(1);
    final HttpClient http = HttpClient.newHttpClient();
    ServiceHost host;

    @BeforeEach
    void start() {
        host = ServiceHost.start(new ServiceSettings("test-service", ServiceSettings.LOOPBACK, 0, Duration.ofSeconds(5),
                "v1", "i-1"), ErrorRenderer.json(), e -> null, config -> {
                    config.routes.get("/hello", ctx -> ctx.result("hello"));
                    config.routes.get("/slow", ctx -> {
                        slowStarted.countDown();
                        Thread.sleep(700);
                        ctx.result("finished");
                    });
                    config.routes.get("/bad", ctx -> {
                        throw HttpProblem.badRequest("year must be a number");
                    });
                    config.routes.get("/boom", ctx -> {
                        throw new IllegalStateException("secret internals");
                    });
                });
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(host.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void binds_loopback_and_serves() throws Exception {
        assertThat(host.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(get("/hello").body()).isEqualTo("hello");
    }

    @Test
    void every_error_is_json_and_says_what_is_wrong() throws Exception {
        HttpResponse<String> bad = get("/bad");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(
                "application/json"));
        assertThat(bad.body()).isEqualTo("{\"error\":\"bad_request\",\"message\":\"year must be a number\"}");

        HttpResponse<String> missing = get("/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\":\"not_found\"").contains("GET /nope");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(host.uri().resolve("/hello"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("\"error\":\"method_not_allowed\"");

        HttpResponse<String> boom = get("/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("\"error\":\"internal\"").doesNotContain("secret")
                .doesNotContain("Exception");
    }

    @Test
    void oversized_requests_get_414_and_431_as_json() throws Exception {
        HttpResponse<String> longUri = get("/hello?q=" + "x".repeat(10_000));
        assertThat(longUri.statusCode()).isEqualTo(414);
        assertThat(longUri.body()).contains("\"error\":\"uri_too_long\"");

        HttpResponse<String> bigHeaders = http.send(HttpRequest.newBuilder(host.uri().resolve("/hello"))
                .header("X-Big", "y".repeat(7_000)).header("X-Big2", "z".repeat(3_000)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bigHeaders.statusCode()).isEqualTo(431);
        assertThat(bigHeaders.body()).contains("\"error\":\"headers_too_large\"");
    }

    @Test
    void metrics_count_requests_by_route_template_and_status() throws Exception {
        get("/hello");
        get("/bad");
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/hello\","
                + "service=\"test-service\",status=\"200\"} 1");
        assertThat(metrics).contains("route=\"/bad\",service=\"test-service\",status=\"400\"} 1");
        assertThat(metrics).contains("http_server_requests_seconds_bucket");
    }

    @Test
    void metrics_pass_promtool_the_jvm_ones_included() throws Exception {
        get("/hello");
        get("/bad");
        String metrics = get("/metrics").body();

        Promtool.Verdict verdict = Promtool.check(metrics);

        assertThat(verdict.passes()).as(verdict.output()).isTrue();
        assertThat(metrics).contains("process_cpu_seconds_total{").contains("system_cpus{")
                .doesNotContain("process_cpu_time_ns_total").doesNotContain("system_cpu_count");
    }

    @Test
    void a_stop_lets_requests_in_flight_finish_and_refuses_new_ones() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(host.uri().resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        URI uri = host.uri();

        host.close();

        HttpResponse<String> finished = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("finished");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/hello")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void a_stop_closes_idle_keep_alive_connections() throws Exception {
        ServiceHost quick = ServiceHost.start(new ServiceSettings("quick", ServiceSettings.LOOPBACK, 0,
                Duration.ofMillis(500), "v1", "i-1"), ErrorRenderer.json(), e -> null,
                config -> config.routes.get("/hello", ctx -> ctx.result("hello")));
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", quick.port())) {
            idle.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            idle.getInputStream().read(new byte[1024]);
            idle.setSoTimeout(5_000);
            quick.close();
            assertThat(idle.getInputStream().read()).as("the server closed the idle connection").isEqualTo(-1);
        }
    }

    @Test
    void settings_refuse_a_port_out_of_range() {
        assertThatThrownBy(() -> new ServiceSettings("s", "127.0.0.1", 70_000, Duration.ZERO, "v", "i"))
                .hasMessage("port must be between 0 and 65535, got 70000");
    }

}
