package dev.bluegreen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

/**
 * The pipeline's lead times and a full cycle under load: {@code up} with the sample app, steady keep-alive load on
 * prod, then rounds of commit (the real git command) → build → deploy to test → approve → bake → rollback, timing
 * each step from the outside as a user would see it.
 */
final class PipelineBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
    private static final int BAKE_MS = 3_000;

    private final Bluegreen bluegreen;
    private final Path work;

    PipelineBench(Bluegreen bluegreen, Path work) {
        this.bluegreen = bluegreen;
        this.work = work;
    }

    String run(int rounds, int connections, int requestsPerSecond) throws Exception {
        Path dataDir = work.resolve("pipeline");
        List<Long> commitToReview = new ArrayList<>();
        List<Long> commitToTest = new ArrayList<>();
        List<Long> approveToProd = new ArrayList<>();
        List<Long> approveCall = new ArrayList<>();
        List<Long> rollbackToProd = new ArrayList<>();
        List<List<LoadGenerator.Sample>> samples;
        try (Platform platform = Platform.start(bluegreen, dataDir, "--bake-window", Integer.toString(BAKE_MS))) {
            String token = Files.readString(dataDir.resolve("token")).strip();
            Path app = dataDir.resolve("app");
            LoadGenerator load = new LoadGenerator(platform.prodPort, "/version", connections, requestsPerSecond)
                    .start();
            Thread.sleep(3_000);
            long lastId = 0;
            for (int round = 1; round <= rounds; round++) {
                String before = label(platform.prodPort);
                Path site = app.resolve("site/site.properties");
                Files.writeString(site, Files.readString(site).replaceAll("(?m)^heading=.*$",
                        "heading=Movies, round " + round));
                git(app, "commit", "-qam", "Round " + round);
                long committed = System.nanoTime();
                JsonNode execution = awaitNewExecution(platform.controlPort, lastId, "AWAITING_APPROVAL");
                commitToReview.add(System.nanoTime() - committed);
                lastId = execution.path("id").asLong();
                String tag = execution.path("tag").asText();
                awaitLabel(platform.testPort, tag);
                commitToTest.add(System.nanoTime() - committed);

                long approving = System.nanoTime();
                HttpResponse<String> approve = post(platform.controlPort, "/api/executions/" + lastId + "/approve",
                        // all at once, as before the sample app's canary: what is timed is the flip, not a step
                        token, "{\"tag\": \"" + tag + "\", \"strategy\": \"all-at-once\"}");
                long approved = System.nanoTime();
                if (approve.statusCode() != 200) {
                    throw new IllegalStateException("approve refused: " + approve.body());
                }
                approveCall.add(approved - approving);
                awaitLabel(platform.prodPort, tag);
                approveToProd.add(System.nanoTime() - approving);
                awaitExecution(platform.controlPort, lastId, "SUCCEEDED");

                long rollingBack = System.nanoTime();
                HttpResponse<String> rollback = post(platform.controlPort, "/api/rollback", token, "");
                if (rollback.statusCode() != 200) {
                    throw new IllegalStateException("rollback refused: " + rollback.body());
                }
                awaitLabel(platform.prodPort, before);
                rollbackToProd.add(System.nanoTime() - rollingBack);
                System.out.printf("  round %d: %s reviewed after %s, prod serving it %s after approve%n", round, tag,
                        Percentiles.ms(commitToReview.get(round - 1) / 1e6),
                        Percentiles.ms(approveToProd.get(round - 1) / 1e6));
            }
            samples = load.stop();
        }
        long requests = samples.stream().mapToLong(List::size).sum();
        long failed = samples.stream().flatMap(List::stream).filter(LoadGenerator.Sample::failed).count();
        String firstFailure = samples.stream().flatMap(List::stream).filter(LoadGenerator.Sample::failed)
                .map(s -> s.error() != null ? s.error() : "status " + s.status()).findFirst().orElse("");
        Table table = new Table("measure", "median", "min", "max", "goal")
                .row(timed("commit → execution waiting for review (built, deployed, healthy on test)", commitToReview,
                        "≤ 10 s"))
                .row(timed("commit → the test listener serves the new build", commitToTest, ""))
                .row(timed("approve call → its answer", approveCall, ""))
                .row(timed("approve call → production serves the build (flip included)", approveToProd, "≤ 100 ms"))
                .row(timed("rollback call → production serves the previous build", rollbackToProd, ""));
        return "## The pipeline: lead times and a full cycle under load\n\n"
                + "`bluegreen up` with the sample app and a bake of " + BAKE_MS / 1000 + " s; " + connections
                + " keep-alive connections send `GET /version` to prod, " + requestsPerSecond + " req/s in all, "
                + "from before the first commit to after the last rollback. Each of " + rounds + " rounds: change "
                + "`heading` in the app repository's `site/site.properties` and commit with the git command; wait "
                + "(polling every 5 ms) for the execution to wait for review and for the test listener's "
                + "`/version` to name the new tag; approve it through the control API; wait for prod's `/version` "
                + "to name it; wait for the bake to pass; roll back and wait for prod to name the previous build. "
                + "Times are seen from outside, as a user sees them.\n\n" + table.markdown()
                + "\n" + verdict("Lead time (commit → waiting for review, ≤ 10 s)", commitToReview, 10_000)
                + verdict("Approve → production serving it (≤ 100 ms)", approveToProd, 100)
                + "Production requests during the whole run: " + String.format("%,d", requests) + ", failed: "
                + failed + (failed == 0 ? " (goal 0: met)." : " (goal 0: missed; first: " + firstFailure + ").")
                + "\n";
    }

    private static String verdict(String goal, List<Long> nanos, double limitMillis) {
        Percentiles p = new Percentiles(nanos.stream().mapToLong(Long::longValue).toArray());
        String how = p.maxMillis() <= limitMillis ? "met in every round"
                : p.millis(0.5) <= limitMillis ? "met at the median, missed by the slowest round ("
                + Percentiles.ms(p.maxMillis()) + " ms)"
                : "missed (median " + Percentiles.ms(p.millis(0.5)) + " ms)";
        return goal + ": " + how + ".\n\n";
    }

    private static Object[] timed(String what, List<Long> nanos, String goal) {
        Percentiles p = new Percentiles(nanos.stream().mapToLong(Long::longValue).toArray());
        return new Object[] {what, Percentiles.ms(p.millis(0.5)) + " ms", Percentiles.ms(p.millis(0)) + " ms",
                Percentiles.ms(p.maxMillis()) + " ms", goal};
    }

    private static String label(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/version")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("label").asText();
    }

    private static void awaitLabel(int port, String label) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!label.equals(label(port))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("port " + port + " never served " + label);
            }
            Thread.sleep(1);
        }
    }

    private static JsonNode awaitNewExecution(int control, long afterId, String status) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode newest = get(control, "/api/executions?limit=1");
            if (!newest.isEmpty() && newest.get(0).path("id").asLong() > afterId) {
                String now = newest.get(0).path("status").asText();
                if (now.equals(status)) {
                    return newest.get(0);
                }
                if (!now.equals("RUNNING")) {
                    throw new IllegalStateException("the execution ended " + now + ": " + newest.get(0));
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no execution reached " + status);
    }

    private static void awaitExecution(int control, long id, String status) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!get(control, "/api/executions/" + id).path("status").asText().equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("execution #" + id + " never became " + status);
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode get(int control, String path) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpResponse<String> post(int control, String path, String token, String body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Bench", "-c",
                "user.email=bench@localhost"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HOME", work.toString(), "GIT_CONFIG_NOSYSTEM", "1"));
        Process git = builder.start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (git.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
        }
    }
}
