package dev.bluegreen.cli.up;

import dev.bluegreen.cli.UserError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until a child answers 200 on its health URL, failing early (with its log) when it exits instead. */
final class HealthWait {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private HealthWait() {
    }

    static void until(JavaChild child, URI health, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Integer exit = child.exitCode();
            if (exit != null) {
                throw new UserError(child.name() + " exited with code " + exit + " while starting; its log ("
                        + child.log() + ") ends with:\n" + child.tail(15));
            }
            if (healthy(health)) {
                return;
            }
            sleep(50);
        }
        throw new UserError(child.name() + " did not answer " + health + " within " + timeout.toSeconds()
                + " s; its log (" + child.log() + ") ends with:\n" + child.tail(15));
    }

    static boolean healthy(URI health) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
