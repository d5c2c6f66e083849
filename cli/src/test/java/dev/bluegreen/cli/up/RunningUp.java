package dev.bluegreen.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.Predicate;

/** {@code bluegreen up} run as a user runs it, on free ports, with the CLI and HTTP to talk to it. */
final class RunningUp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path workDir;
    final Path dataDir;
    final int prod;
    final int test;
    final int api;
    final int control;
    final List<String> output = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Map<String, String> environment = Map.of();
    Process process;

    RunningUp(Path workDir) throws Exception {
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.prod = Cli.freePort();
        this.test = Cli.freePort();
        this.api = Cli.freePort();
        this.control = Cli.freePort();
    }

    /** Variables {@code up} gets besides this JVM's environment. */
    RunningUp withEnvironment(Map<String, String> variables) {
        this.environment = Map.copyOf(variables);
        return this;
    }

    /** Starts {@code up} and waits for its "Ctrl-C stops everything." line. */
    RunningUp start(String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("up", "--data-dir", dataDir.toString(),
                "--prod-port", Integer.toString(prod), "--test-port", Integer.toString(test),
                "--api-port", Integer.toString(api), "--control-port", Integer.toString(control)));
        args.addAll(List.of(extraArgs));
        process = Cli.command(workDir, environment, args.toArray(String[]::new)).redirectErrorStream(true)
                .start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
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
        awaitLine(line -> line.equals("Ctrl-C stops everything."), Duration.ofSeconds(150));
        return this;
    }

    void awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                output.add(line);
                if (wanted.test(line)) {
                    return;
                }
            } else if (!process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("bluegreen up did not say what was expected; it said:\n" + String.join("\n", output));
    }

    Cli.Result cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        return Cli.run(workDir, all.toArray(String[]::new));
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Which side (target group) answered on a listener. */
    static String side(int port) throws Exception {
        return JSON.readTree(get(port, "/version").body()).path("side").asText();
    }

    HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String token() throws Exception {
        return Files.readString(dataDir.resolve("token")).strip();
    }

    JsonNode status() throws Exception {
        return JSON.readTree(get(control, "/api/status").body());
    }

    JsonNode service(String name) throws Exception {
        for (JsonNode service : status().path("services")) {
            if (service.path("name").asText().equals(name)) {
                return service;
            }
        }
        throw new AssertionError("no service " + name + " in status");
    }

    List<ProcessHandle> tasks() {
        return process.children().toList();
    }

    /** Polls until the condition holds (it must, within the timeout). */
    static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what, last);
    }

    static void awaitDeath(List<ProcessHandle> processes, Duration timeout) throws Exception {
        await("processes are gone: " + processes, timeout, () -> processes.stream().noneMatch(ProcessHandle::isAlive));
    }

    interface Check {
        boolean holds() throws Exception;
    }

    @Override
    public void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
