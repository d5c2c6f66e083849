package dev.bluegreen.appconfig.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.core.check.CheckResult;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One {@link HttpCheck}'s request to the test side with Java's HTTP client: the whole answer, body included, within
 * the check's time limit (a body that never ends cannot hold the pipeline), its first megabyte read; redirects are
 * not followed (a redirect is an answer like any other). The core's {@link HttpCheck#failure} judges it. The same
 * request locally and on AWS: the local pipeline's check stage and the AWS pipeline's Check action both make it.
 */
public final class HttpChecker {

    private static final int BODY_LIMIT = 1024 * 1024;
    private static final int SNIPPET = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Closes a body still being read when its check's time is up. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "check-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * Makes the check's request to the test listener at {@code testUrl}.
     *
     * @param log takes a line for the log on what is asked, and on the start of a body that failed the check
     */
    public CheckResult check(HttpCheck check, URI testUrl, Consumer<String> log) throws InterruptedException {
        URI url = URI.create(testUrl.toString().replaceAll("/+$", "") + check.path());
        log.accept("Check '" + check.name() + "': GET " + url);
        long start = System.nanoTime();
        HttpAnswer answer;
        try {
            answer = answer(check, url);
        } catch (HttpTimeoutException e) {
            return CheckResult.failed(check.name(), "GET " + check.path() + ": no answer within "
                    + seconds(check.timeout()), List.of(), since(start));
        } catch (IOException e) {
            return CheckResult.failed(check.name(), "GET " + check.path() + ": " + e, List.of(), since(start));
        }
        Duration took = since(start);
        Optional<String> failure = check.failure(answer);
        if (failure.isEmpty()) {
            return CheckResult.passed(check.name(), "GET " + check.path() + " answered " + answer.status() + " in "
                    + took.toMillis() + " ms", took);
        }
        String snippet = answer.body().replaceAll("\\s+", " ").strip();
        snippet = snippet.length() <= SNIPPET ? snippet : snippet.substring(0, SNIPPET) + " ...";
        log.accept("Check '" + check.name() + "': the body began: " + snippet);
        return CheckResult.failed(check.name(), "GET " + check.path() + " " + failure.get(),
                answer.status() == check.status() ? List.of() : List.of("the body began: " + snippet), took);
    }

    private HttpAnswer answer(HttpCheck check, URI url) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + check.timeout().toNanos();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(check.timeout())
                .header("User-Agent", "bluegreen-checks").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        AtomicBoolean late = new AtomicBoolean();
        try (InputStream in = response.body()) {
            ScheduledFuture<?> guard = DEADLINES.schedule(() -> {
                late.set(true);
                closeQuietly(in);
            }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            try {
                String body = new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
                return new HttpAnswer(response.statusCode(), body, json(body, check.json().keySet()));
            } catch (IOException e) {
                throw late.get() ? new HttpTimeoutException("the body did not end in time") : e;
            } finally {
                guard.cancel(false);
            }
        }
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

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the read fails either way
        }
    }

    /** "10 s", or "2500 ms" when not whole seconds: how the checks' messages give a time limit. */
    public static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
