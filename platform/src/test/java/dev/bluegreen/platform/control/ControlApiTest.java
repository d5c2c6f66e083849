package dev.bluegreen.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Tags;
import dev.bluegreen.platform.flip.HealthyBackend;
import dev.bluegreen.platform.flip.LocalTrafficSwitch;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control API over HTTP, on a real state file and a real load balancer; the rest of the platform stands in. */
class ControlApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    PlatformStore store;
    Token token;
    ServiceHost api;
    ControlPlane plane;
    final HealthyBackend backend = new HealthyBackend();
    final LoadBalancer lb = new LoadBalancer(new SimpleMeterRegistry());
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        store = PlatformStore.open(dir.resolve("platform.db"));
        store.saveRouting(new Routing(Map.of("prod", "blue", "test", "green"), Map.of(
                "blue", Tags.of("Code1", true, "v1"), "green", Tags.of("Code2", false, "v2"))),
                Event.of(Instant.EPOCH, "platform", EventType.CREATED, "blue", "Code1", "green", "Code2", "v1"));
        HealthyBackend.groups(lb, "blue", "green");
        backend.serve(lb, "blue");
        backend.serve(lb, "green");
        LocalTrafficSwitch traffic = new LocalTrafficSwitch(store, lb, new SimpleMeterRegistry(), Optional::empty,
                Duration.ZERO);
        Flipper flipper = new Flipper(traffic, BlueGreenPair.STANDARD, Clock.systemUTC());
        plane = new ControlPlane() {
            @Override
            public Map<String, Object> status() {
                return Map.of("prod", store.routing().forwardsTo("prod").orElseThrow());
            }

            @Override
            public Outcome flip(String actor) {
                return flipper.flip(Flipper.Request.by(actor));
            }

            @Override
            public Outcome rollback(String actor) {
                return flipper.rollback(Flipper.Request.by(actor));
            }

            @Override
            public Outcome shift(String build, int percent, String actor) {
                return flipper.shift(build, percent, Flipper.Request.by(actor));
            }

            @Override
            public Outcome scale(String service, int count, String actor) {
                if (!service.equals("api")) {
                    throw new IllegalArgumentException("no service '" + service + "' (services: api)");
                }
                return Outcome.done("api: " + count + " tasks");
            }

            @Override
            public Outcome shutdown(String actor) {
                return Outcome.done("stopping");
            }

            @Override
            public List<Map<String, Object>> executions(int limit) {
                return List.of();
            }

            @Override
            public Optional<Map<String, Object>> execution(long id) {
                return Optional.empty();
            }

            @Override
            public Optional<InputStream> buildLog(long id) {
                return Optional.empty();
            }

            @Override
            public Outcome deploy(String ref, String actor) {
                return Outcome.done("deploying " + ref);
            }

            @Override
            public Outcome approve(long id, String tag, String actor) {
                return Outcome.refused("no execution is waiting for review");
            }

            @Override
            public Outcome reject(long id, String reason, String actor) {
                return Outcome.refused("no execution is waiting for review");
            }
        };
        token = Token.loadOrCreate(dir.resolve("token"));
        api = start(ServiceSettings.LOOPBACK);
    }

    ServiceHost start(String host) {
        return ControlApi.start(new ServiceSettings("control", host, 0, Duration.ofSeconds(1), "test", "platform"),
                plane, token);
    }

    @AfterEach
    void stop() {
        api.close();
        lb.close();
        backend.close();
        store.close();
    }

    HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.uri() + path))
                .header("X-Bluegreen-Actor", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void status_is_open_to_read() throws Exception {
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(api.uri() + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(status.body()).get("prod").textValue()).isEqualTo("blue");
    }

    @Test
    void a_change_without_the_right_token_is_401_and_changes_nothing() throws Exception {
        for (String bearer : new String[] {null, "wrong", token.reveal() + "0"}) {
            HttpResponse<String> flip = post("/api/flip", bearer, "");
            assertThat(flip.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(flip.body()).get("error").textValue()).isEqualTo("unauthorized");
        }
        assertThat(store.routing().forwardsTo("prod")).contains("blue");
        assertThat(store.events(10)).extracting(Event::type).containsExactly(EventType.CREATED);
    }

    @Test
    void with_the_token_a_flip_is_done_and_recorded_with_who_asked() throws Exception {
        HttpResponse<String> flip = post("/api/flip", token.reveal(), "");
        assertThat(flip.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(flip.body());
        assertThat(body.get("done").booleanValue()).isTrue();
        assertThat(body.get("prod").textValue()).isEqualTo("green");
        assertThat(body.get("test").textValue()).isEqualTo("blue");
        assertThat(store.events(1).get(0).actor()).isEqualTo("alice");
    }

    @Test
    void a_refused_flip_is_409_with_the_reason() throws Exception {
        lb.targetGroup("green", HealthyBackend.FAST, HealthyBackend.DEREGISTRATION_DELAY).deregister("green-1");
        HttpResponse<String> flip = post("/api/flip", token.reveal(), "");
        assertThat(flip.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(flip.body()).get("message").textValue())
                .isEqualTo("target group 'green' has no healthy target; production stays on 'blue'");
        assertThat(post("/api/rollback", token.reveal(), "").statusCode()).isEqualTo(409);
    }

    @Test
    void a_shift_needs_the_token_and_its_input_is_checked_before_any_traffic_moves() throws Exception {
        assertThat(post("/api/shift", null, "{\"build\": \"v2\", \"percent\": 10}").statusCode()).isEqualTo(401);
        String expected = "percent must be a whole number from 1 to 100 (100 completes the release; to send "
                + "everything back, roll back), as in {\"build\": \"b3-3f2a1c9\", \"percent\": 10}";
        for (String percent : List.of("0", "101", "-5", "\"ten\"", "10.5", "null")) {
            HttpResponse<String> bad = post("/api/shift", token.reveal(), "{\"build\": \"v2\", \"percent\": "
                    + percent + "}");
            assertThat(bad.statusCode()).as(percent).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("message").textValue()).as(percent).isEqualTo(expected);
        }
        assertThat(JSON.readTree(post("/api/shift", token.reveal(), "{\"build\": \"v2\"}").body()).get("message")
                .textValue()).isEqualTo(expected);
        HttpResponse<String> noBuild = post("/api/shift", token.reveal(), "{\"percent\": 10}");
        assertThat(noBuild.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noBuild.body()).get("message").textValue())
                .isEqualTo("'build' is required, as in {\"build\": \"...\"}");
        assertThat(post("/api/shift", token.reveal(), "10 %").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post("/api/shift", token.reveal(), "{\"build\": \"b9-0000000\", "
                + "\"percent\": 10}");
        assertThat(unknown.statusCode()).isEqualTo(409);
        JsonNode refused = JSON.readTree(unknown.body());
        assertThat(refused.get("done").booleanValue()).isFalse();
        assertThat(refused.get("message").textValue()).isEqualTo("build b9-0000000 is no longer on the test side "
                + "(green runs v2); nothing flipped");
        assertThat(refused.get("shifted").intValue()).isZero();
        assertThat(store.routing().splits()).isEmpty();

        HttpResponse<String> shift = post("/api/shift", token.reveal(), "{\"build\": \"v2\", \"percent\": 10}");
        assertThat(shift.statusCode()).isEqualTo(200);
        JsonNode done = JSON.readTree(shift.body());
        assertThat(done.get("message").textValue())
                .isEqualTo("shift: 10 % of production on green (v2), 90 % on blue (v1)");
        assertThat(done.get("prod").textValue()).isEqualTo("blue");
        assertThat(done.get("shifted").intValue()).isEqualTo(10);
        assertThat(store.routing().weights("prod")).containsExactly(Map.entry("blue", 90), Map.entry("green", 10));
        assertThat(store.events(1).get(0).actor()).isEqualTo("alice");
    }

    @Test
    void scale_mistakes_are_400_that_say_what_is_expected() throws Exception {
        assertThat(post("/api/services/api/scale", token.reveal(), "{\"count\": 3}").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(post("/api/services/api/scale", token.reveal(), "{\"count\": -1}").body())
                .get("message").textValue()).isEqualTo("count must be a whole number from 0 to 20, as in "
                + "{\"count\": 2}");
        assertThat(post("/api/services/api/scale", token.reveal(), "two").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post("/api/services/nope/scale", token.reveal(), "{\"count\": 1}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("message").textValue())
                .isEqualTo("no service 'nope' (services: api)");
        assertThat(post("/api/services/api/scale", null, "{\"count\": 1}").statusCode()).isEqualTo(401);
        assertThat(post("/api/services/api/scale", null, "not json").statusCode()).isEqualTo(401);
    }

    @Test
    void pipeline_requests_check_their_input_before_anything_else() throws Exception {
        assertThat(post("/api/executions/3/approve", null, "{\"tag\": \"b3-abcdef1\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> noTag = post("/api/executions/3/approve", token.reveal(), "{}");
        assertThat(noTag.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noTag.body()).get("message").textValue())
                .isEqualTo("'tag' is required, as in {\"tag\": \"...\"}");
        HttpResponse<String> badId = post("/api/executions/three/approve", token.reveal(), "{\"tag\": \"x\"}");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badId.body()).get("message").textValue())
                .isEqualTo("an execution id is a number such as 12, got 'three'");
        assertThat(post("/api/executions/3/approve", token.reveal(), "{\"tag\": \"b3-abcdef1\"}").statusCode())
                .isEqualTo(409);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(api.uri() + "/api/executions/9"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("message").textValue()).isEqualTo("there is no execution #9");
        assertThat(post("/api/deploy", token.reveal(), "{\"ref\": 7}").statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(post("/api/deploy", token.reveal(), "").body()).get("message").textValue())
                .isEqualTo("deploying main");
    }

    @Test
    void only_requests_for_its_own_address_or_localhost_are_answered_and_others_are_421() throws Exception {
        int port = api.port();
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port,
                "[0:0:0:0:0:0:0:1]:" + port)) {
            assertThat(RawHttp.get(port, "/api/status", host).status()).as(host).isEqualTo(200);
        }
        // what a page whose name an attacker re-pointed at 127.0.0.1 sends (DNS rebinding), and near misses
        for (String host : List.of("evil.example:" + port, "evil.example", "localhost.evil.example:" + port,
                "127.0.0.1:" + (port + 1), "127.0.0.1", "127.0.0.2:" + port, "[::2]:" + port)) {
            for (String path : List.of("/api/status", "/api/executions", "/metrics", "/", "/nothing")) {
                RawHttp.Response refused = RawHttp.get(port, path, host);
                assertThat(refused.status()).as("%s %s", host, path).isEqualTo(421);
                JsonNode body = JSON.readTree(refused.body());
                assertThat(body.get("error").textValue()).isEqualTo("misdirected_request");
                assertThat(body.get("message").textValue()).contains("'" + host + "'").contains("DNS rebinding");
            }
        }
        RawHttp.Response flip = RawHttp.send(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.1"),
                port, "POST", "/api/flip", "evil.example:" + port, bearer(), "");
        assertThat(flip.status()).isEqualTo(421);
        assertThat(store.routing().forwardsTo("prod")).contains("blue");
    }

    @Test
    void a_change_from_another_page_is_403_even_with_the_token_and_changes_nothing() throws Exception {
        int port = api.port();
        String host = "127.0.0.1:" + port;
        for (String origin : List.of("http://evil.example", "null", "http://localhost:" + port,
                "https://127.0.0.1:" + port, "http://127.0.0.1:" + (port + 1))) {
            RawHttp.Response flip = post(host, "Origin: " + origin + "\r\n" + bearer());
            assertThat(flip.status()).as(origin).isEqualTo(403);
            assertThat(JSON.readTree(flip.body()).get("message").textValue()).contains("'" + origin + "'");
        }
        assertThat(store.routing().forwardsTo("prod")).contains("blue");
        assertThat(store.events(10)).extracting(Event::type).containsExactly(EventType.CREATED);

        // the dashboard's own page (same origin), and the CLI (no Origin)
        assertThat(post(host, "Origin: http://" + host + "\r\n" + bearer()).status()).isEqualTo(200);
        assertThat(post(host, bearer()).status()).isEqualTo(200);
        assertThat(store.routing().forwardsTo("prod")).contains("blue");
        // a read with a foreign Origin is answered, but nothing lets that page's script see the answer
        RawHttp.Response read = RawHttp.get(port, "/api/status", host);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.head()).doesNotContainIgnoringCase("Access-Control-Allow");
    }

    @Test
    void bound_beyond_loopback_every_request_but_the_page_needs_the_token() throws Exception {
        InetAddress elsewhere = InetAddress.getByName("127.0.0.2"); // another machine, as far as the API can tell
        try (ServiceHost open = start("0.0.0.0")) {
            int port = open.port();
            String host = "127.0.0.2:" + port;
            for (String path : List.of("/api/status", "/api/traffic", "/api/executions", "/api/executions/1",
                    "/api/executions/1/log", "/metrics", "/nothing")) {
                RawHttp.Response refused = RawHttp.send(elsewhere, elsewhere, port, "GET", path, host, "", "");
                assertThat(refused.status()).as(path).isEqualTo(401);
                assertThat(JSON.readTree(refused.body()).get("message").textValue())
                        .contains("listens beyond this machine, so reads need the control token too");
            }
            RawHttp.Response status = RawHttp.send(elsewhere, elsewhere, port, "GET", "/api/status", host, bearer(),
                    "");
            assertThat(status.status()).isEqualTo(200);
            assertThat(JSON.readTree(status.body()).get("prod").textValue()).isEqualTo("blue");
            assertThat(RawHttp.send(elsewhere, elsewhere, port, "GET", "/metrics", host, bearer(), "").status())
                    .isEqualTo(200);
            assertThat(RawHttp.send(elsewhere, elsewhere, port, "GET", "/api/status", host, "Authorization: Bearer "
                    + "wrong\r\n", "").status()).isEqualTo(401);
            // the page and its files say nothing about the platform: the page asks for the token itself
            for (String path : List.of("/", "/dashboard/api.js", "/health")) {
                assertThat(RawHttp.send(elsewhere, elsewhere, port, "GET", path, host, "", "").status()).as(path)
                        .isEqualTo(200);
            }
            // the bound address is a name of its own; a stranger's name is not, token or not
            assertThat(RawHttp.send(elsewhere, elsewhere, port, "GET", "/api/status", "0.0.0.0:" + port, bearer(),
                    "").status()).isEqualTo(200);
            assertThat(RawHttp.send(elsewhere, elsewhere, port, "GET", "/api/status", "evil.example:" + port,
                    bearer(), "").status()).isEqualTo(421);
            // the bind decides, not where a request comes from
            assertThat(RawHttp.get(port, "/api/status", "127.0.0.1:" + port).status()).isEqualTo(401);
        }
    }

    @Test
    void only_a_loopback_bind_keeps_reads_open() {
        for (String host : List.of("127.0.0.1", "127.0.0.2", "::1", "localhost")) {
            assertThat(ControlApi.readsNeedToken(host)).as(host).isFalse();
        }
        for (String host : List.of("0.0.0.0", "::", "192.168.1.5", "fd00::5")) {
            assertThat(ControlApi.readsNeedToken(host)).as(host).isTrue();
        }
    }

    private String bearer() {
        return "Authorization: Bearer " + token.reveal() + "\r\n";
    }

    private RawHttp.Response post(String host, String head) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return RawHttp.send(loopback, loopback, api.port(), "POST", "/api/flip", host, head, "");
    }
}
