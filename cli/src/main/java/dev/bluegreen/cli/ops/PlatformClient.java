package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.platform.control.Token;
import dev.bluegreen.platform.runtime.RunningPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI's side of the control API: finds the platform of a data directory, sends the token with every request
 * (a control API bound beyond this machine needs it for reads too), and turns every answer that is not a success
 * into a message for the user.
 */
final class PlatformClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A flip or rollback waits, up to the platform's deploy timeout, for the side it promotes to be at full size. */
    private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(5);
    /** An error's JSON body is short; anything longer is not one. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final Path dataDir;
    private final RunningPlatform platform;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PlatformClient(Path dataDir, RunningPlatform platform) {
        this.dataDir = dataDir;
        this.platform = platform;
    }

    static PlatformClient forDataDir(Path dataDir) {
        return new PlatformClient(dataDir, RunningPlatform.find(dataDir).orElseThrow(() -> new UserError(
                "no bluegreen platform is running with the data directory " + dataDir.toAbsolutePath()
                        + "; start one with 'bluegreen up' (or name its directory with --data-dir)")));
    }

    RunningPlatform platform() {
        return platform;
    }

    JsonNode get(String path) {
        return send(authorized(path).GET().timeout(TIMEOUT));
    }

    /** Copies a text resource (a build log) to {@code out} as it arrives: it may be long. */
    void copy(String path, OutputStream out) {
        try {
            HttpResponse<InputStream> response = http.send(authorized(path).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new UserError(JSON.readTree(body.readNBytes(MAX_ERROR_BYTES)).path("message")
                            .asText("HTTP " + response.statusCode()));
                }
                body.transferTo(out);
                out.flush();
            }
        } catch (IOException e) {
            throw new UserError("the control API at " + platform.control() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    /** A change: sends the token and the user's name; a refusal (409) is returned, not thrown. */
    JsonNode post(String path, Object body) {
        HttpRequest.Builder request = authorized(path)
                .header("X-Bluegreen-Actor", Answers.operator())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                .timeout(CHANGE_TIMEOUT);
        return send(request);
    }

    private HttpRequest.Builder authorized(String path) {
        String token;
        try {
            token = Token.read(dataDir.resolve("token")).reveal();
        } catch (IOException e) {
            throw new UserError("cannot read the control token " + dataDir.resolve("token") + ": " + e.getMessage());
        }
        return HttpRequest.newBuilder(platform.control().resolve(path)).header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserError("the platform's control API at " + platform.control() + " does not answer (is it "
                    + "stopping?)");
        } catch (IOException e) {
            throw new UserError("the control API at " + platform.control() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UserError("the control API answered " + response.statusCode() + " with something that is not "
                    + "JSON");
        }
        int status = response.statusCode();
        if (status == 200 || status == 409) {
            return body;
        }
        String message = body.path("message").asText("HTTP " + status);
        if (status == 401) {
            throw new UserError("the platform refused the token in " + dataDir.resolve("token") + ": " + message);
        }
        throw new UserError(message);
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
