package dev.bluegreen.cli.up;

import static dev.bluegreen.cli.up.RunningUp.await;
import static dev.bluegreen.cli.up.RunningUp.side;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.Cli;
import dev.bluegreen.testing.Promtool;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bluegreen up} and the commands that drive it, as a user runs them: separate processes, real HTTP, real
 * child processes, load while things change.
 */
class UpTest {

    @TempDir
    Path dir;

    @Test
    void flips_and_rollbacks_under_load_fail_no_request_and_killed_web_and_api_tasks_cost_nothing() throws Exception {
        try (RunningUp up = new RunningUp(dir).start()) {
            assertThat(up.output).anySatisfy(l -> assertThat(l).contains("prod     http://127.0.0.1:" + up.prod));
            assertThat(up.output).anySatisfy(l -> assertThat(l).contains("test     http://127.0.0.1:" + up.test));
            assertThat(up.output).anySatisfy(l -> assertThat(l).contains(up.dataDir.resolve("token")
                    .toAbsolutePath().toString()));
            assertThat(side(up.prod)).isEqualTo("blue");
            assertThat(side(up.test)).isEqualTo("green");
            assertThat(up.service("web-blue").path("desiredCount").asInt()).as("production").isEqualTo(2);
            assertThat(up.service("web-green").path("desiredCount").asInt()).as("the test side idles").isEqualTo(1);
            String page = RunningUp.get(up.prod, "/year?year=2000").body();
            assertThat(page).contains("Gladiator").contains("id=\"banner-side\" class=\"side-blue\">blue<");

            try (Load load = new Load(URI.create("http://127.0.0.1:" + up.prod + "/version"), 12)) {
                load.awaitMore(200);
                assertThat(up.cli("flip").exitCode()).isZero();
                assertThat(side(up.prod)).isEqualTo("green");
                assertThat(up.service("web-green").path("runningCount").asInt()).as("promoted at full size")
                        .isEqualTo(2);
                assertThat(side(up.test)).isEqualTo("blue");
                load.awaitMore(200);
                Cli.Result rollback = up.cli("rollback");
                assertThat(rollback.exitCode()).isZero();
                assertThat(rollback.out()).contains("production now on blue");
                assertThat(side(up.prod)).isEqualTo("blue");
                String token = up.token();
                for (int i = 0; i < 100; i++) {
                    assertThat(up.post(i % 2 == 0 ? "/api/flip" : "/api/rollback", token, "{}").statusCode())
                            .isEqualTo(200);
                    load.awaitMore(5);
                }
                load.awaitMore(200);
                load.close();
                assertThat(load.failures()).isEmpty();
                assertThat(load.sides()).containsOnlyKeys("blue", "green");
                assertThat(load.succeeded()).isGreaterThan(1_000);
            }
            assertThat(side(up.prod)).isEqualTo("blue");

            // production's two web tasks: kill -9 of one while pages are asked for costs no request (a GET whose
            // target died before answering is tried again on the other), and it is replaced
            try (Load load = new Load(URI.create("http://127.0.0.1:" + up.prod + "/year?year=2000"), 8)) {
                load.awaitMore(100);
                JsonNode web = up.service("web-blue");
                assertThat(web.path("runningCount").asInt()).isEqualTo(2);
                ProcessHandle.of(web.path("tasks").get(0).path("pid").asLong()).orElseThrow().destroyForcibly();
                await("the killed web task is replaced and healthy", Duration.ofSeconds(60), () -> {
                    JsonNode now = up.service("web-blue");
                    return now.path("restarts").asInt() == 1 && now.path("runningCount").asInt() == 2;
                });
                load.awaitMore(200);
                load.close();
                assertThat(load.failures()).isEmpty();
            }

            // pages need the API: kill -9 one of its two tasks while they are asked for
            try (Load load = new Load(URI.create("http://127.0.0.1:" + up.prod + "/year?year=2000"), 8)) {
                load.awaitMore(100);
                JsonNode victim = up.service("api").path("tasks").get(0);
                ProcessHandle.of(victim.path("pid").asLong()).orElseThrow().destroyForcibly();
                await("the killed API task is replaced and healthy", Duration.ofSeconds(60), () -> {
                    JsonNode api = up.service("api");
                    return api.path("restarts").asInt() == 1 && api.path("runningCount").asInt() == 2;
                });
                load.awaitMore(200);
                load.close();
                assertThat(load.failures()).isEmpty();
            }
            JsonNode events = up.status().path("events");
            assertThat(events.toString()).contains("task-exited").contains("exited on its own");
            assertThat(up.cli("logs", "api").out()).contains("\"GET /movies?year=2000");
            String metrics = RunningUp.get(up.control, "/metrics").body();
            assertThat(metrics).contains("lb_listener_requests_total{").contains("listener=\"prod\"")
                    .contains("lb_target_group_requests_total{").contains("bluegreen_task_restarts_total{");
            Promtool.Verdict verdict = Promtool.check(metrics);
            assertThat(verdict.passes()).as(verdict.output()).isTrue();

            Cli.Result status = up.cli("status");
            assertThat(status.out()).contains("prod  http://127.0.0.1:" + up.prod + "   -> blue")
                    .contains("Identifier=Code1").contains("IsProduction=true").contains("Rollback: possible, to green");

            List<ProcessHandle> everything = new java.util.ArrayList<>(up.process.descendants().toList());
            Cli.Result down = up.cli("down");
            assertThat(down.exitCode()).isZero();
            assertThat(up.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            RunningUp.awaitDeath(everything, Duration.ofSeconds(10));
        }
    }

    @Test
    void an_unhealthy_side_is_never_promoted_and_changes_need_the_token_and_an_allowed_address() throws Exception {
        try (RunningUp up = new RunningUp(dir).start("--test-allow", "127.0.0.1/32")) {
            // no token, a wrong token: 401, nothing changes
            assertThat(up.post("/api/flip", null, "{}").statusCode()).isEqualTo(401);
            assertThat(up.post("/api/flip", "not-the-token", "{}").statusCode()).isEqualTo(401);
            assertThat(up.post("/api/services/api/scale", null, "{\"count\": 0}").statusCode()).isEqualTo(401);
            assertThat(side(up.prod)).isEqualTo("blue");

            // the test listener from an address outside --test-allow
            assertThat(rawGet(InetAddress.getByName("127.0.0.2"), up.test, "/version")).startsWith("HTTP/1.1 403");
            assertThat(rawGet(InetAddress.getByName("127.0.0.1"), up.test, "/version")).startsWith("HTTP/1.1 200");
            assertThat(rawGet(InetAddress.getByName("127.0.0.2"), up.prod, "/version")).startsWith("HTTP/1.1 200");

            // bad input: a clear message, exit code 1, state unchanged
            Cli.Result unknown = up.cli("scale", "nope", "1");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("no service 'nope'").contains("web-blue");
            assertThat(up.cli("scale", "api", "-1").err()).contains("N must be from 0 to 20");
            assertThat(up.post("/api/services/api/scale", up.token(), "{\"count\": \"many\"}").body())
                    .contains("count must be a whole number");
            Cli.Result prodToZero = up.cli("scale", "web-blue", "0");
            assertThat(prodToZero.exitCode()).isEqualTo(1);
            assertThat(prodToZero.err()).contains("would take production down");

            // no healthy task on green: a flip is refused and prod stays where it is
            assertThat(up.cli("scale", "web-green", "0").exitCode()).isZero();
            await("green has no task", Duration.ofSeconds(30),
                    () -> up.service("web-green").path("tasks").isEmpty());
            Cli.Result flip = up.cli("flip");
            assertThat(flip.exitCode()).isEqualTo(1);
            assertThat(flip.err()).contains("refused").contains("'green' has no healthy target");
            assertThat(side(up.prod)).isEqualTo("blue");
            assertThat(RunningUp.get(up.test, "/version").statusCode()).isEqualTo(503);
            assertThat(up.status().path("events").toString()).contains("flip-refused");

            assertThat(up.cli("scale", "web-green", "1").exitCode()).isZero();
            await("green is healthy again", Duration.ofSeconds(60),
                    () -> up.service("web-green").path("runningCount").asInt() == 1);
            assertThat(up.cli("flip").exitCode()).isZero();
            assertThat(side(up.prod)).isEqualTo("green");
        }
    }

    @Test
    void the_control_api_stays_on_loopback_whatever_host_says_and_bound_beyond_it_every_request_needs_the_token()
            throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2"); // another machine, as far as the platform can tell
        try (RunningUp up = new RunningUp(Files.createDirectories(dir.resolve("lan"))).start("--host", "127.0.0.2")) {
            assertThat(raw(other, other, up.prod, "/version", "127.0.0.2:" + up.prod, null)).startsWith(
                    "HTTP/1.1 200");
            assertThatThrownBy(() -> raw(other, other, up.control, "/api/status", "127.0.0.2:" + up.control, null))
                    .as("the control API on the listeners' address").isInstanceOf(ConnectException.class);
            assertThat(RunningUp.get(up.control, "/api/status").statusCode()).as("on loopback, reads are open")
                    .isEqualTo(200);
            assertThat(up.cli("down").exitCode()).isZero();
        }

        // like every option, control-host can come from bluegreen.properties
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.writeString(open.resolve("bluegreen.properties"), "control-host=0.0.0.0\napi-tasks=1\n");
        try (RunningUp up = new RunningUp(open).start()) {
            assertThat(up.output).filteredOn(line -> line.startsWith("Note: the control API listens on"))
                    .singleElement().asString().contains("http://0.0.0.0:" + up.control)
                    .contains("every request to it, reads included, needs the token");
            String host = "127.0.0.2:" + up.control;
            for (String path : List.of("/api/status", "/api/executions", "/api/traffic", "/metrics")) {
                assertThat(raw(other, other, up.control, path, host, null)).as(path).startsWith("HTTP/1.1 401")
                        .contains("reads need the control token too");
                assertThat(raw(other, other, up.control, path, host, up.token())).as(path).startsWith("HTTP/1.1 200");
            }
            assertThat(raw(other, other, up.control, "/", host, null)).as("the page asks for the token itself")
                    .startsWith("HTTP/1.1 200");
            assertThat(raw(other, other, up.control, "/api/status", "evil.example:" + up.control, up.token()))
                    .startsWith("HTTP/1.1 421");
            // the CLI sends the token with its reads
            Cli.Result status = up.cli("status");
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).contains("-> blue");
            assertThat(up.cli("flip").exitCode()).isZero();
            assertThat(side(up.prod)).isEqualTo("green");
        }
    }

    @Test
    void after_kill_9_of_the_platform_up_again_keeps_the_live_side_and_leaves_no_orphans() throws Exception {
        List<ProcessHandle> firstTasks;
        // settings may come from a file in the working directory instead of flags
        Files.writeString(dir.resolve("bluegreen.properties"), "api-tasks=1\nweb-tasks=1\nhealthy-threshold=1\n");
        RunningUp first = new RunningUp(dir).start();
        try {
            assertThat(first.cli("flip").exitCode()).isZero();
            assertThat(side(first.prod)).isEqualTo("green");
            firstTasks = first.tasks();
            assertThat(firstTasks).hasSize(3);
            first.process.destroyForcibly(); // kill -9: no shutdown hook, no clean-up
            first.process.waitFor(10, TimeUnit.SECONDS);
            RunningUp.awaitDeath(firstTasks, Duration.ofSeconds(20)); // each task notices its parent is gone
        } finally {
            first.close();
        }

        try (RunningUp again = new RunningUp(dir).start()) {
            assertThat(side(again.prod)).isEqualTo("green");
            assertThat(side(again.test)).isEqualTo("blue");
            assertThat(again.service("api").path("desiredCount").asInt()).isEqualTo(1);
            assertThat(again.cli("status").out()).contains("Rollback: possible, to blue");
            Cli.Result second = Cli.run(dir, "up", "--data-dir", again.dataDir.toString());
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.err()).contains("already running");

            Cli.Result down = again.cli("down", "--purge");
            assertThat(down.exitCode()).isZero();
            assertThat(down.out()).contains("Stopped.").contains("Deleted");
            assertThat(again.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(again.dataDir)).isFalse();
        }
    }

    @Test
    void commands_without_a_platform_or_with_bad_options_explain_themselves() throws Exception {
        Cli.Result flip = Cli.run(dir, "flip", "--data-dir", dir.resolve("none").toString());
        assertThat(flip.exitCode()).isEqualTo(1);
        assertThat(flip.err()).contains("no bluegreen platform is running").contains("bluegreen up");
        Cli.Result badCidr = Cli.run(dir, "up", "--data-dir", dir.resolve("d").toString(), "--test-allow", "10.0.0.0/99");
        assertThat(badCidr.exitCode()).isEqualTo(1);
        assertThat(badCidr.err()).startsWith("error: --test-allow:");
        Cli.Result samePorts = Cli.run(dir, "up", "--prod-port", "7000", "--test-port", "7000");
        assertThat(samePorts.exitCode()).isEqualTo(1);
        assertThat(samePorts.err()).contains("must differ");
        Cli.Result noLogs = Cli.run(dir, "logs", "api", "--data-dir", dir.resolve("none").toString());
        assertThat(noLogs.exitCode()).isEqualTo(1);
        assertThat(noLogs.err()).contains("no logs for service 'api'");
        try (var busy = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result result = Cli.run(dir, "up", "--data-dir", dir.resolve("busy").toString(), "--control-port",
                    Integer.toString(Cli.freePort()), "--prod-port", Integer.toString(busy.getLocalPort()),
                    "--test-port", Integer.toString(Cli.freePort()), "--api-port", Integer.toString(Cli.freePort()));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("listener prod cannot listen").contains(":" + busy.getLocalPort());
        }
        Path notARepo = Files.createDirectories(dir.resolve("not-a-repo"));
        Cli.Result badRepo = Cli.run(dir, "up", "--data-dir", dir.resolve("repo-data").toString(), "--app-repo",
                notARepo.toString(), "--prod-port", "0", "--test-port", "0", "--api-port", "0", "--control-port", "0");
        assertThat(badRepo.exitCode()).isEqualTo(1);
        assertThat(badRepo.err()).contains("not a git repository").contains("--app-repo");
        // a name is not an address block, even one DNS (here: a hosts file) would resolve
        Path hosts = Files.writeString(dir.resolve("hosts"), "10.9.8.7 face.example\n");
        Cli.Result name = Cli.run(dir, Map.of("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts), "up",
                "--data-dir", dir.resolve("named").toString(), "--test-allow", "face.example",
                "--site", dir.resolve("no-site").toString());
        assertThat(name.exitCode()).isEqualTo(1);
        assertThat(name.err()).contains("error: --test-allow: not an address block: face.example")
                .contains("names are not looked up");
        // a token others could have read is not used
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("token"), "0123456789abcdef\n");
        Files.setPosixFilePermissions(shared.resolve("token"), PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result wideToken = Cli.run(dir, "up", "--data-dir", shared.toString(), "--prod-port", "0",
                "--test-port", "0", "--api-port", "0", "--control-port", "0");
        assertThat(wideToken.exitCode()).isEqualTo(1);
        assertThat(wideToken.err()).contains("may be read by other users (mode rw-r--r--)")
                .contains("chmod 600 " + shared.resolve("token"));
        Path withTypo = Files.createDirectories(dir.resolve("typo"));
        Files.writeString(withTypo.resolve("bluegreen.properties"), "prod-prot=80\n");
        Cli.Result typo = Cli.run(withTypo, "up");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("unknown setting 'prod-prot' in bluegreen.properties").contains("prod-port");
    }

    /** One GET from and to chosen addresses, naming a host (java.net.http can do neither), with a token or not. */
    private static String raw(InetAddress from, InetAddress to, int port, String path, String host, String token)
            throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(to, port), 2_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One GET from a chosen local address (java.net.http cannot bind one). */
    private static String rawGet(InetAddress from, int port, String path) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
