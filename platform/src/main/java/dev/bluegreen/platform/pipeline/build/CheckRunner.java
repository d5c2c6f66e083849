package dev.bluegreen.platform.pipeline.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.core.check.Check;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.check.CommandCheck;
import dev.bluegreen.core.check.HttpAnswer;
import dev.bluegreen.core.check.HttpCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.io.FileUtils;

/**
 * Runs an app's checks against the test side, one after the other, each within its time limit: a request with
 * Java's HTTP client (no redirects followed: a redirect is an answer like any other), judged by the core's
 * {@link HttpCheck#failure}; a command as the build's commands run ({@code bash -c} in the checkout, in the build's
 * sandbox, with the build's allow-listed environment and {@code $TEST_URL}, {@code $BLUEGREEN_TAG},
 * {@code $BLUEGREEN_COMMIT}), passing when it exits 0. What each does goes to the build's log, within its cap.
 */
public final class CheckRunner {

    private static final int BODY_LIMIT = 1024 * 1024;
    private static final int OUTPUT_LINES = 10;
    private static final int SNIPPET = 200;
    private static final long CANCEL_POLL_MS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BuildRunner.Settings settings;
    private final HttpClient http;

    public CheckRunner(BuildRunner.Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One result per check, in order; once cancelled, the checks not run yet say so. */
    public List<CheckResult> run(List<Check> checks, CheckRequest request) throws InterruptedException {
        List<CheckResult> results = new ArrayList<>();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        Thread watcher = watch(request, cancelled);
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("bluegreen-checks-");
            BuildSandbox.Scratch dirs = new BuildSandbox.Scratch(Files.createDirectory(scratch.resolve("tmp")),
                    Files.createDirectory(scratch.resolve("home")));
            for (Check check : checks) {
                results.add(cancelled.isDone() ? CheckResult.failed(check.name(), "not run: cancelled", List.of(),
                        Duration.ZERO) : one(check, request, dirs, cancelled));
            }
            return results;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the checks' scratch directories: " + e.getMessage(), e);
        } finally {
            cancelled.complete(null);
            watcher.interrupt();
            if (scratch != null) {
                FileUtils.deleteQuietly(scratch.toFile());
            }
        }
    }

    private CheckResult one(Check check, CheckRequest request, BuildSandbox.Scratch scratch,
            CompletableFuture<Void> cancelled) throws InterruptedException {
        BuildLog log;
        try {
            log = BuildLog.open(request.logFile(), settings.logCapBytes());
        } catch (IOException e) {
            return CheckResult.failed(check.name(), "cannot write the build log " + request.logFile() + ": "
                    + e.getMessage(), List.of(), Duration.ZERO);
        }
        long start = System.nanoTime();
        try {
            CheckResult result = check instanceof HttpCheck web ? request(web, request.testUrl(), log)
                    : command((CommandCheck) check, request, scratch, log, cancelled, start);
            log.lineQuietly("Check '" + check.name() + "' " + (result.passed() ? "passed: " : "FAILED: ")
                    + result.detail());
            return result;
        } finally {
            log.noteDropped();
            log.close();
        }
    }

    private CheckResult request(HttpCheck check, URI testUrl, BuildLog log) throws InterruptedException {
        URI url = URI.create(testUrl.toString().replaceAll("/+$", "") + check.path());
        log.lineQuietly("Check '" + check.name() + "': GET " + url);
        long start = System.nanoTime();
        HttpAnswer answer;
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(check.timeout())
                    .header("User-Agent", "bluegreen-checks").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
            }
            answer = new HttpAnswer(response.statusCode(), body, json(body, check.json().keySet()));
        } catch (HttpTimeoutException e) {
            return CheckResult.failed(check.name(), "GET " + check.path() + ": no answer within "
                    + seconds(check.timeout()), List.of(), since(start));
        } catch (IOException e) {
            return CheckResult.failed(check.name(), "GET " + check.path() + ": " + e, List.of(), since(start));
        }
        Duration took = since(start);
        String snippet = answer.body().replaceAll("\\s+", " ").strip();
        snippet = snippet.length() <= SNIPPET ? snippet : snippet.substring(0, SNIPPET) + " ...";
        Optional<String> failure = check.failure(answer);
        if (failure.isEmpty()) {
            return CheckResult.passed(check.name(), "GET " + check.path() + " answered " + answer.status() + " in "
                    + took.toMillis() + " ms", took);
        }
        log.lineQuietly("Check '" + check.name() + "': the body began: " + snippet);
        return CheckResult.failed(check.name(), "GET " + check.path() + " " + failure.get(),
                answer.status() == check.status() ? List.of() : List.of("the body began: " + snippet), took);
    }

    /** The values at the pointers, when the body is JSON. */
    private static Optional<Map<String, String>> json(String body, Iterable<String> pointers) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (tree == null) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (String pointer : pointers) {
            JsonNode value = tree.at(pointer);
            if (!value.isMissingNode()) {
                values.put(pointer, value.isValueNode() ? value.asText() : value.toString());
            }
        }
        return Optional.of(values);
    }

    private CheckResult command(CommandCheck check, CheckRequest request, BuildSandbox.Scratch scratch,
            BuildLog log, CompletableFuture<Void> cancelled, long start) {
        if (!Files.isDirectory(request.checkout())) {
            return CheckResult.failed(check.name(), "the build's checkout " + request.checkout() + " is gone",
                    List.of(), Duration.ZERO);
        }
        ProcessTree processes = new ProcessTree();
        BuildSandbox sandbox = settings.sandbox();
        ShellCommand.Context context = new ShellCommand.Context(sandbox, request.checkout(), scratch,
                BuildEnvironment.forChecks(settings.environment(), sandbox.inside(scratch), request.variables()), log,
                processes);
        try {
            log.line("Check '" + check.name() + "': running command " + check.command());
            ShellCommand.Result result = ShellCommand.run(check.command(), context,
                    start + check.timeout().toNanos(), cancelled);
            List<String> output = log.tail(OUTPUT_LINES + 2).stream()
                    .filter(line -> !line.startsWith("[Container] ")).toList();
            output = output.subList(Math.max(0, output.size() - OUTPUT_LINES), output.size());
            return switch (result.ending()) {
                case EXITED -> result.exitCode() == 0
                        ? CheckResult.passed(check.name(), "the command exited 0 in " + since(start).toMillis()
                                + " ms", since(start))
                        : CheckResult.failed(check.name(), "the command exited with code " + result.exitCode(),
                                output, since(start));
                case TIMED_OUT -> CheckResult.failed(check.name(), "the command did not finish within "
                        + seconds(check.timeout()), output, since(start));
                case CANCELLED -> CheckResult.failed(check.name(), "cancelled", output, since(start));
            };
        } catch (IOException e) {
            return CheckResult.failed(check.name(), "the command could not run: " + e.getMessage(), List.of(),
                    since(start));
        } finally {
            // what it left running in the background ends with it, as a build's does
            processes.killAll(null);
        }
    }

    /** Completes {@code cancelled} once the request is cancelled; the thread ends when it is completed. */
    private static Thread watch(CheckRequest request, CompletableFuture<Void> cancelled) {
        Thread watcher = new Thread(() -> {
            try {
                while (!cancelled.isDone()) {
                    if (request.cancelled().getAsBoolean()) {
                        cancelled.complete(null);
                    }
                    Thread.sleep(CANCEL_POLL_MS);
                }
            } catch (InterruptedException e) {
                // the checks are over
            }
        }, "checks-cancel-watch");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
