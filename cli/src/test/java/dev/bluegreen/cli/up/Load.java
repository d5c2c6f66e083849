package dev.bluegreen.cli.up;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests in a loop on a few keep-alive connections (one HTTP/1.1 client, one thread per connection), as fast as
 * they are answered or with a pause after each, counting every answer that is not a 200 as a failure, and which
 * sides answered.
 */
final class Load implements AutoCloseable {

    private static final Pattern SIDE = Pattern.compile("\"side\":\"([a-z]+)\"|id=\"banner-side\"[^>]*>([a-z]+)<");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> sides = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    private final long pauseMillis;

    Load(URI url, int connections) {
        this(url, connections, Duration.ZERO);
    }

    /** A bounded load: each connection waits {@code pause} after each answer. */
    Load(URI url, int connections, Duration pause) {
        this.pauseMillis = pause.toMillis();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> loop(url), "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void loop(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build();
        while (running.get()) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    ok.incrementAndGet();
                    Matcher side = SIDE.matcher(response.body());
                    if (side.find()) {
                        sides.computeIfAbsent(side.group(1) != null ? side.group(1) : side.group(2),
                                s -> new AtomicInteger()).incrementAndGet();
                    }
                } else {
                    failures.add(response.statusCode() + " " + response.body());
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
            pause();
        }
    }

    private void pause() {
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
            }
        }
    }

    int succeeded() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    Map<String, Integer> sides() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        sides.forEach((side, count) -> copy.put(side, count.get()));
        return copy;
    }

    /** Waits until at least {@code more} further requests succeeded. */
    void awaitMore(int more) throws InterruptedException {
        int target = ok.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ok.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(15_000);
        }
    }
}
