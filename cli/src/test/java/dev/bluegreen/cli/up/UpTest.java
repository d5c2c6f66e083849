package dev.bluegreen.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.cli.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bluegreen up} as a user runs it: the three tiers come up, survive a crash, and all stop together. */
class UpTest {

    @TempDir
    Path dir;
    Process up;
    final List<String> output = new ArrayList<>();
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    int web;
    int api1;
    int api2;

    @AfterEach
    void cleanUp() {
        if (up != null) {
            up.descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
        }
    }

    private void startUp() throws Exception {
        web = Cli.freePort();
        api1 = Cli.freePort();
        api2 = Cli.freePort();
        up = Cli.command(dir, Map.of(), "up", "--data-dir", dir.resolve("data").toString(), "--port",
                Integer.toString(web), "--api-ports", api1 + "," + api2).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(up.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the process went away
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                output.add(line);
                if (line.equals("Ctrl-C stops everything.")) {
                    return;
                }
            }
            if (!up.isAlive()) {
                break;
            }
        }
        throw new AssertionError("bluegreen up did not come up; it said:\n" + String.join("\n", output));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<ProcessHandle> children() {
        return up.children().toList();
    }

    private static void awaitDeath(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(processes).as("processes left behind").noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void up_serves_all_three_tiers_restarts_a_crashed_api_and_ctrl_c_stops_everything() throws Exception {
        startUp();
        assertThat(output).anySatisfy(l -> assertThat(l).contains("web   http://127.0.0.1:" + web));
        assertThat(output).anySatisfy(l -> assertThat(l).startsWith("Loaded 65 movies from the starter movies"));

        HttpResponse<String> page = get(web, "/year?year=2000");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Gladiator");
        assertThat(get(api1, "/Query?year=2000").body()).contains("\"Gladiator\"");
        assertThat(get(api2, "/version").body()).contains("\"instance\":\"api-2\"");

        List<ProcessHandle> children = children();
        assertThat(children).hasSize(3);
        long pid = output.stream().filter(l -> l.startsWith("started api-1 (pid ")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("^started api-1 \\(pid (\\d+)\\).*$", "$1"))).orElseThrow();
        ProcessHandle firstApi = ProcessHandle.of(pid).orElseThrow();
        assertThat(children).contains(firstApi);
        firstApi.destroyForcibly();
        // while one API instance is down, the front end keeps answering through the other
        for (int i = 0; i < 20; i++) {
            assertThat(get(web, "/year?year=2000").statusCode()).isEqualTo(200);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !HealthWait.healthy(URI.create("http://127.0.0.1:" + api1
                + "/health"))) {
            Thread.sleep(200);
        }
        assertThat(HealthWait.healthy(URI.create("http://127.0.0.1:" + api1 + "/health"))).as("api-1 restarted")
                .isTrue();
        assertThat(Files.readString(dir.resolve("data/logs/api/api-1.log"))).contains("\"GET /Query?year=2000\" 200");

        List<ProcessHandle> running = new ArrayList<>(children());
        running.add(up.toHandle());
        up.destroy(); // SIGTERM, as Ctrl-C
        assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
        awaitDeath(running, Duration.ofSeconds(5));
    }

    @Test
    void when_up_is_killed_outright_its_services_stop_by_themselves() throws Exception {
        startUp();
        List<ProcessHandle> children = children();
        assertThat(children).hasSize(3);
        up.destroyForcibly(); // kill -9: no shutdown hook runs
        awaitDeath(children, Duration.ofSeconds(20));
    }

    @Test
    void a_busy_port_is_refused_before_anything_starts() throws Exception {
        try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result result = Cli.run(dir, "up", "--data-dir", dir.resolve("d").toString(), "--port",
                    Integer.toString(busy.getLocalPort()));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("port " + busy.getLocalPort() + " is in use");
        }
    }
}
