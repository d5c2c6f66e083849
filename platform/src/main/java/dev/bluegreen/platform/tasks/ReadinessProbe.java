package dev.bluegreen.platform.tasks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a new task is ready: one GET of its health path on loopback, answered without holding a thread. Ready
 * means 200; another status means the task listens but is not ready yet; no connection, or no answer in time, means
 * it does not listen yet. Until it listens, a bare connection attempt tells: refused at once by the kernel, it
 * costs a fraction of what the HTTP client's failed request does, and a starting task is asked dozens of times.
 */
final class ReadinessProbe {

    enum Result { READY, NOT_READY, NOT_LISTENING }

    private final HttpClient http;
    private final Duration timeout;

    ReadinessProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    CompletableFuture<Result> probe(int port, String path) {
        if (!listening(port)) {
            return CompletableFuture.completedFuture(Result.NOT_LISTENING);
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(timeout).GET().build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> failure != null ? Result.NOT_LISTENING
                            : response.statusCode() == 200 ? Result.READY : Result.NOT_READY);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Result.NOT_LISTENING);
        }
    }

    private boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
