package dev.bluegreen.web.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The movie API as the front end uses it: one or more base URLs taken in turn (round-robin), pooled keep-alive
 * connections, a connect and a request timeout, and one retry of a GET on the next instance when the connection
 * fails (refused, reset, closed before a response). A slow instance is not retried: that would double the wait.
 */
public final class ApiClient {

    private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record PageBody(List<ApiMovie> items, @JsonProperty("next_cursor") String nextCursor) {
    }

    /** Whether an instance is ready, and if none is, what each one said. */
    public record Readiness(URI readyApi, List<String> problems) {
        public boolean ready() {
            return readyApi != null;
        }
    }

    private final List<URI> bases;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final AtomicInteger next = new AtomicInteger();

    /** {@code bases} without a trailing slash, e.g. {@code http://127.0.0.1:8081}. */
    public ApiClient(List<URI> bases, Duration connectTimeout, Duration requestTimeout) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("at least one API base URL is needed");
        }
        this.bases = List.copyOf(bases);
        this.requestTimeout = requestTimeout;
        // HTTP/1.1: the API speaks plain HTTP, where asking for HTTP/2 only adds an upgrade attempt to every request
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public MoviePage movies(Listing listing, String cursor, int limit) {
        Answer answer = get(listing.path(cursor, limit));
        PageBody body = answer.read(PageBody.class);
        if (body.items() == null || body.items().stream().anyMatch(ApiClient::malformed)) {
            throw answer.badAnswer("a listing without items, or with a movie lacking a title or year");
        }
        return new MoviePage(body.items(), body.nextCursor());
    }

    /** One movie; {@link ApiException.Kind#NOT_FOUND} when there is none with this year and title. */
    public ApiMovie movie(int year, String title) {
        Answer answer = get("/movies/" + year + "/" + Urls.pathSegment(title));
        ApiMovie movie = answer.read(ApiMovie.class);
        if (malformed(movie)) {
            throw answer.badAnswer("a movie without a title or year");
        }
        return movie;
    }

    /** Asks each instance's {@code /ready} in turn until one says yes. */
    public Readiness ready(Duration timeout) {
        List<String> problems = new ArrayList<>();
        for (URI base : bases) {
            try {
                HttpResponse<String> response = http.send(request(base, "/ready", timeout),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return new Readiness(base, List.of());
                }
                problems.add(base + "/ready answered " + response.statusCode() + ": " + shorten(response.body()));
            } catch (IOException e) {
                problems.add(base + "/ready: " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add(base + "/ready: interrupted");
                break;
            }
        }
        return new Readiness(null, problems);
    }

    private static boolean malformed(ApiMovie movie) {
        return movie == null || movie.title() == null || movie.title().isBlank() || movie.year() <= 0;
    }

    private Answer get(String pathAndQuery) {
        int first = Math.floorMod(next.getAndIncrement(), bases.size());
        try {
            return send(bases.get(first), pathAndQuery);
        } catch (ConnectionFailed failed) {
            URI other = bases.get((first + 1) % bases.size());
            LOG.warn("movie API {} failed before answering ({}); retrying on {}", bases.get(first),
                    describe(failed.getCause()), other);
            try {
                return send(other, pathAndQuery);
            } catch (ConnectionFailed again) {
                throw new ApiException(ApiException.Kind.UNREACHABLE, "no movie API instance could be reached: "
                        + bases.get(first) + ": " + describe(failed.getCause()) + "; " + other + ": "
                        + describe(again.getCause()), again.getCause());
            }
        }
    }

    private Answer send(URI base, String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(request(base, pathAndQuery, requestTimeout),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(base, response);
        } catch (HttpConnectTimeoutException e) {
            throw new ConnectionFailed(e);
        } catch (HttpTimeoutException e) {
            throw new ApiException(ApiException.Kind.UNREACHABLE, base + " did not answer within "
                    + requestTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ConnectionFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.Kind.UNREACHABLE, "interrupted while asking " + base, e);
        }
    }

    private static HttpRequest request(URI base, String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
    }

    private static String shorten(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 197) + "..." : oneLine;
    }

    /** A failure before any response: safe to send the GET again elsewhere. */
    private static final class ConnectionFailed extends RuntimeException {
        ConnectionFailed(IOException cause) {
            super(cause);
        }
    }

    /** A response, turned into a value or into the {@link ApiException} that its status means. */
    private record Answer(URI base, HttpResponse<String> response) {

        <T> T read(Class<T> type) {
            int status = response.statusCode();
            if (status == 200) {
                try {
                    return JSON.readValue(response.body(), type);
                } catch (JsonProcessingException e) {
                    throw badAnswer("not the JSON expected: " + e.getOriginalMessage());
                }
            }
            String message = messageOf(response.body());
            throw switch (status) {
                case 400 -> new ApiException(ApiException.Kind.REJECTED,
                        message == null ? "the movie API refused the query" : message);
                case 404 -> new ApiException(ApiException.Kind.NOT_FOUND,
                        message == null ? "the movie API has no such movie" : message);
                case 503 -> new ApiException(ApiException.Kind.UNAVAILABLE, base + " answered 503"
                        + (message == null ? "" : ": " + message));
                default -> badAnswer("status " + status + (message == null ? "" : ": " + message));
            };
        }

        ApiException badAnswer(String what) {
            return new ApiException(ApiException.Kind.BAD_ANSWER, base + response.request().uri().getRawPath()
                    + " answered " + what);
        }

        /** The {@code message} of the API's JSON errors, if the body is one. */
        private static String messageOf(String body) {
            try {
                JsonNode message = JSON.readTree(body).path("message");
                return message.isTextual() && !message.textValue().isBlank() ? message.textValue() : null;
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return null;
            }
        }
    }
}
