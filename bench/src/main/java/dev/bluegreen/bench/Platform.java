package dev.bluegreen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bluegreen up} run as a user runs it (the built jar, the launcher's JVM flags, its own ports and data
 * directory), and its control API. Closing it (also on the benchmark's own exit) stops the whole process tree.
 */
final class Platform implements AutoCloseable {

    /** A task as {@code /api/status} shows it: state RUNNING and health HEALTHY once it serves traffic. */
    record Task(String id, long pid, int port, String state, String health) {
        boolean healthy() {
            return "HEALTHY".equals(health);
        }
    }

    /** The answer of a change through the control API: 200 done, or 409 refused with a message. */
    record Outcome(int status, JsonNode body) {
        boolean done() {
            return status == 200 && body.path("done").asBoolean();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    final int prodPort;
    final int testPort;
    final int apiPort;
    final int controlPort;
    private final Path dataDir;
    private final Process process;
    private final Path log;
    private final Thread cleanUpOnExit = new Thread(this::kill, "bench-platform-cleanup");
    private String token;

    private Platform(Process process, Path dataDir, Path log, int[] ports) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.prodPort = ports[0];
        this.testPort = ports[1];
        this.apiPort = ports[2];
        this.controlPort = ports[3];
        Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
    }

    /** Spawns {@code up} with a data directory of its own and free ports; returns at once. */
    static Platform spawn(Bluegreen bluegreen, Path dataDir, String... moreArgs) throws IOException {
        Files.createDirectories(dataDir);
        int[] ports = {Bluegreen.freePort(), Bluegreen.freePort(), Bluegreen.freePort(), Bluegreen.freePort()};
        List<String> args = new ArrayList<>(List.of("up", "--data-dir", dataDir.toString(),
                "--prod-port", Integer.toString(ports[0]), "--test-port", Integer.toString(ports[1]),
                "--api-port", Integer.toString(ports[2]), "--control-port", Integer.toString(ports[3])));
        args.addAll(List.of(moreArgs));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-up.log");
        Process process = new ProcessBuilder(bluegreen.command(bluegreen.upFlags(), args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new Platform(process, dataDir, log, ports);
    }

    /** Spawns {@code up} and waits until it is ready: the control API answers and prod serves {@code /version}. */
    static Platform start(Bluegreen bluegreen, Path dataDir, String... moreArgs) throws Exception {
        Platform platform = spawn(bluegreen, dataDir, moreArgs);
        try {
            platform.awaitReady();
            platform.awaitAllHealthy();
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            if (answers200(controlPort, "/api/status") && answers200(prodPort, "/version")) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IOException("bluegreen up was not ready in " + READY_TIMEOUT.toSeconds() + " s:\n"
                + Files.readString(log));
    }

    void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("bluegreen up exited (" + process.exitValue() + "):\n" + Files.readString(log));
        }
    }

    /** Until every service has its desired count of healthy tasks (a flip needs both sides healthy). */
    void awaitAllHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (JsonNode service : status().path("services")) {
                int healthy = 0;
                for (JsonNode t : service.path("tasks")) {
                    healthy += "HEALTHY".equals(t.path("health").asText()) ? 1 : 0;
                }
                all &= healthy >= service.path("desiredCount").asInt();
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("not every task healthy in " + READY_TIMEOUT.toSeconds() + " s: " + status());
    }

    /** Until a service has exactly that many tasks (after a scale down: the others drained and stopped). */
    void awaitTaskCount(String service, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (tasks(service).size() == count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException(service + " did not come to " + count + " tasks: " + tasks(service));
    }

    /** Whether GET 127.0.0.1:port/path answers 200 now (a refused connection is a no). */
    static boolean answers200(int port, String path) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    JsonNode status() throws IOException, InterruptedException {
        return get("/api/status");
    }

    /** A read of the control API (status, executions). */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(control(path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    List<Task> tasks(String service) throws IOException, InterruptedException {
        return tasks(status(), service);
    }

    static List<Task> tasks(JsonNode status, String service) throws IOException {
        for (JsonNode s : status.path("services")) {
            if (service.equals(s.path("name").asText())) {
                List<Task> tasks = new ArrayList<>();
                for (JsonNode t : s.path("tasks")) {
                    tasks.add(new Task(t.path("id").asText(), t.path("pid").asLong(), t.path("port").asInt(),
                            t.path("state").asText(), t.path("health").asText()));
                }
                return tasks;
            }
        }
        throw new IOException("no service " + service + " in /api/status: " + status);
    }

    /** The one healthy task of a service (its port, to reach it directly). */
    Task onlyHealthyTask(String service) throws IOException, InterruptedException {
        List<Task> healthy = tasks(service).stream().filter(Task::healthy).toList();
        if (healthy.size() != 1) {
            throw new IOException("expected one healthy task of " + service + ", found " + healthy);
        }
        return healthy.get(0);
    }

    Outcome flip() throws IOException, InterruptedException {
        return post("/api/flip", "{}");
    }

    Outcome rollback() throws IOException, InterruptedException {
        return post("/api/rollback", "{}");
    }

    /** One step of a traffic shift: {@code percent} of production to {@code build} on the test side. */
    Outcome shift(String build, int percent) throws IOException, InterruptedException {
        return post("/api/shift", JSON.createObjectNode().put("build", build).put("percent", percent).toString());
    }

    /** Starts the pipeline on the app repository's head. */
    Outcome deploy() throws IOException, InterruptedException {
        return post("/api/deploy", "{}");
    }

    Outcome scale(String service, int count) throws IOException, InterruptedException {
        return post("/api/services/" + service + "/scale", "{\"count\":" + count + "}");
    }

    private Outcome post(String path, String body) throws IOException, InterruptedException {
        if (token == null) {
            token = Files.readString(dataDir.resolve("token")).strip();
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(control(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("X-Bluegreen-Actor", "bench").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 409) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new Outcome(r.statusCode(), JSON.readTree(r.body()));
    }

    private URI control(String path) {
        return URI.create("http://127.0.0.1:" + controlPort + path);
    }

    /** Stops with SIGTERM as a user would; returns how long until {@code up} and all its tasks had exited. */
    Duration stop() throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        long start = System.nanoTime();
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle p : tree) {
            p.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // anything that did not stop by itself (no longer a descendant once up has exited)
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return took;
    }

    /** SIGKILL to whatever of the tree is still alive (children first: a killed parent loses track of them). */
    private void kill() {
        List<ProcessHandle> left = new ArrayList<>(process.descendants().filter(ProcessHandle::isAlive).toList());
        left.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    Path log() {
        return log;
    }

    /** A task's log, where the supervisor files its output. */
    Path taskLog(String service, String taskId) {
        return dataDir.resolve("logs").resolve(service).resolve(taskId + ".log");
    }

    /**
     * When the first line of a log (up's, or a task's) that contains {@code text} was written, from the time it
     * starts with; waits for it (logging is asynchronous) up to {@code wait}.
     */
    static java.time.Instant loggedAt(Path file, String text, Duration wait) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (Files.exists(file)) {
                try (java.util.stream.Stream<String> lines = Files.lines(file)) {
                    java.util.Optional<String> line = lines.filter(l -> l.contains(text)).findFirst();
                    if (line.isPresent()) {
                        return java.time.OffsetDateTime.parse(line.get().substring(0, line.get().indexOf(' ')))
                                .toInstant();
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no line with '" + text + "' in " + file + " within " + wait);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                stop();
            }
        } finally {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
            } catch (IllegalStateException exiting) {
                // the hook is running already
            }
        }
    }
}
