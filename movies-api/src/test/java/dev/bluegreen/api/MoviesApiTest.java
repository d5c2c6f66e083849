package dev.bluegreen.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.movies.loader.LoadProgress;
import dev.bluegreen.movies.loader.Loader;
import dev.bluegreen.movies.loader.MovieSource;
import dev.bluegreen.movies.sqlite.SqliteMovieStore;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The API over HTTP, as a client sees it, on a real SQLite store loaded with the starter movies. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoviesApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    Path dir;
    SqliteMovieStore store;
    ServiceHost api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path tempDir) {
        dir = tempDir;
        store = SqliteMovieStore.openOrCreate(dir.resolve("movies.db"));
        new Loader(store, 100, LoadProgress.NONE).load(MovieSource.starter(), false);
        api = MoviesApi.start(settings(), store);
    }

    static ServiceSettings settings() {
        return new ServiceSettings("movies-api", ServiceSettings.LOOPBACK, 0, Duration.ofSeconds(2), "v-test",
                "api-1");
    }

    @AfterAll
    void stop() {
        api.close();
        store.close();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.uri() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** For requests java.net.URI refuses to build. */
    String rawGet(String pathAndQuery) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    JsonNode json(String pathAndQuery, int expectedStatus) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as("%s -> %s", pathAndQuery, response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("application/json");
        return JSON.readTree(response.body());
    }

    static List<String> titles(JsonNode items) {
        List<String> titles = new ArrayList<>();
        items.forEach(item -> titles.add(item.get("title").textValue()));
        return titles;
    }

    @Nested
    class SeedRoutes {
        @Test
        void query_by_year_answers_in_dynamodbs_shape_ordered_by_title() throws Exception {
            JsonNode body = json("/Query?year=2000", 200);
            assertThat(body.fieldNames()).toIterable().containsExactly("Items", "Count", "ScannedCount");
            assertThat(body.get("Count").intValue()).isEqualTo(body.get("Items").size()).isGreaterThanOrEqualTo(10);
            assertThat(titles(body.get("Items"))).isSorted().contains("Gladiator", "Memento", "X-Men");
            JsonNode gladiator = body.get("Items").get(titles(body.get("Items")).indexOf("Gladiator"));
            assertThat(gladiator.get("year").intValue()).isEqualTo(2000);
            assertThat(gladiator.get("info").get("directors").get(0).textValue()).isEqualTo("Ridley Scott");
        }

        @Test
        void integer_ratings_stay_integers() throws Exception {
            JsonNode body = json("/Query-name?title=Bill+%26+Ted%27s+Excellent+Adventure", 200);
            assertThat(body.get("Items").get(0).get("info").get("rating").toString()).isEqualTo("7");
        }

        @Test
        void query_by_title_finds_every_year_of_that_title() throws Exception {
            JsonNode body = json("/Query-name?title=Rush", 200);
            assertThat(body.get("Count").intValue()).isEqualTo(2);
            assertThat(body.get("Items").get(0).get("year").intValue()).isEqualTo(1991);
        }

        @Test
        void a_plus_in_a_title_is_found_encoded_or_not() throws Exception {
            for (String query : List.of("Romeo+%2B+Juliet", "Romeo%20%2B%20Juliet", "Romeo%20+%20Juliet")) {
                JsonNode body = json("/Query-name?title=" + query, 200);
                assertThat(body.get("Count").intValue()).as(query).isEqualTo(1);
                assertThat(body.get("Items").get(0).get("title").textValue()).isEqualTo("Romeo + Juliet");
            }
        }

        @Test
        void an_unknown_title_or_year_is_an_empty_answer() throws Exception {
            assertThat(json("/Query-name?title=No+Such+Film", 200).get("Count").intValue()).isZero();
            assertThat(json("/Query?year=1800", 200).get("Count").intValue()).isZero();
        }

        @Test
        void mistakes_are_json_400s_that_say_what_was_expected() throws Exception {
            assertThat(json("/Query", 400).get("message").textValue())
                    .isEqualTo("year is required (a whole number such as 2013)");
            assertThat(json("/Query?year=abc", 400).get("message").textValue())
                    .isEqualTo("year must be a whole number such as 2013, got \"abc\"");
            assertThat(json("/Query?year=20000", 400).get("message").textValue())
                    .startsWith("year must be a whole number between 1000 and 9999");
            assertThat(json("/Query?year=2013&yaer=2", 400).get("message").textValue())
                    .isEqualTo("unknown parameter 'yaer' (expected year)");
            assertThat(json("/Query?year=2013&year=2014", 400).get("message").textValue())
                    .isEqualTo("year is given 2 times; give it once");
            assertThat(json("/Query-name?title=", 400).get("error").textValue()).isEqualTo("bad_request");
            String raw = rawGet("/Query-name?title=%ZZ");
            assertThat(raw).startsWith("HTTP/1.1 400").contains("application/json")
                    .contains("not properly percent-encoded");
        }
    }

    @Nested
    class RestRoutes {
        @Test
        void a_listing_pages_with_cursors_through_every_movie_of_a_year() throws Exception {
            List<String> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = json("/movies?year=2000&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), 200);
                assertThat(page.get("count").intValue()).isEqualTo(page.get("items").size()).isLessThanOrEqualTo(3);
                paged.addAll(titles(page.get("items")));
                cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").textValue();
                pages++;
            } while (cursor != null);
            assertThat(paged).isEqualTo(titles(json("/Query?year=2000", 200).get("Items")));
            assertThat(pages).isEqualTo((paged.size() + 2) / 3);
        }

        @Test
        void browsing_everything_pages_too() throws Exception {
            JsonNode first = json("/movies", 200);
            assertThat(first.get("count").intValue()).isEqualTo(MovieRoutes.DEFAULT_LIMIT);
            assertThat(first.get("items").get(0).get("year").intValue()).isEqualTo(1927);
            assertThat(first.get("next_cursor").isTextual()).isTrue();
        }

        @Test
        void free_text_search_covers_titles_and_people() throws Exception {
            assertThat(titles(json("/movies?q=clooney", 200).get("items")))
                    .containsExactly("Gravity", "O Brother, Where Art Thou?", "Ocean's Eleven");
            assertThat(titles(json("/movies?q=AMELIE", 200).get("items"))).containsExactly("Amélie");
            assertThat(titles(json("/movies?q=nolan&year=2000", 200).get("items"))).containsExactly("Memento");
        }

        @Test
        void one_movie_by_year_and_title_even_with_slashes_and_plus_signs() throws Exception {
            assertThat(json("/movies/1997/Face%2FOff", 200).get("title").textValue()).isEqualTo("Face/Off");
            assertThat(json("/movies/1997/Face/Off", 200).get("title").textValue()).isEqualTo("Face/Off");
            assertThat(json("/movies/1996/Romeo%20+%20Juliet", 200).get("title").textValue())
                    .isEqualTo("Romeo + Juliet");
            assertThat(json("/movies/2001/Am%C3%A9lie", 200).get("info").get("actors").get(0).textValue())
                    .isEqualTo("Audrey Tautou");
            assertThat(json("/movies/2013/Nothing", 404).get("message").textValue())
                    .isEqualTo("no movie titled \"Nothing\" in 2013");
            assertThat(json("/movies/abc/Rush", 400).get("error").textValue()).isEqualTo("bad_request");
        }

        @Test
        void years_come_with_their_counts() throws Exception {
            JsonNode years = json("/years", 200).get("years");
            assertThat(years.get(0).get("year").intValue()).isEqualTo(1927);
            int total = 0;
            for (JsonNode year : years) {
                total += year.get("count").intValue();
            }
            assertThat(total).isEqualTo(store.count());
        }

        @Test
        void bad_listing_parameters_are_400s_that_say_what_was_expected() throws Exception {
            assertThat(json("/movies?limit=0", 400).get("message").textValue())
                    .isEqualTo("limit must be a whole number from 1 to 100, got \"0\"");
            assertThat(json("/movies?limit=101", 400).get("message").textValue()).contains("from 1 to 100");
            assertThat(json("/movies?limit=ten", 400).get("message").textValue()).contains("got \"ten\"");
            assertThat(json("/movies?cursor=bm9wZQ", 400).get("message").textValue())
                    .startsWith("cursor is not valid");
            assertThat(json("/movies?q=%21%21%21", 400).get("message").textValue())
                    .isEqualTo("q must contain at least one letter or digit");
            assertThat(json("/movies?q=" + "a".repeat(201), 400).get("message").textValue())
                    .isEqualTo("q must be at most 200 characters");
            assertThat(json("/movies?sort=title", 400).get("message").textValue())
                    .isEqualTo("unknown parameter 'sort' (expected cursor, limit, q, title, year)");
            String cursorOf2000 = json("/movies?year=2000&limit=1", 200).get("next_cursor").textValue();
            assertThat(json("/movies?year=2013&cursor=" + cursorOf2000, 400).get("message").textValue())
                    .startsWith("cursor belongs to a listing with other filters");
        }
    }

    @Nested
    class Operations {
        @Test
        void the_banner_is_one_line_of_text() throws Exception {
            HttpResponse<String> banner = get("/");
            assertThat(banner.statusCode()).isEqualTo(200);
            assertThat(banner.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
            assertThat(banner.body()).startsWith("Movies API v-test (instance api-1)").hasLineCount(1);
        }

        @Test
        void health_ready_and_version_answer() throws Exception {
            assertThat(json("/health", 200).get("status").textValue()).isEqualTo("ok");
            JsonNode ready = json("/ready", 200);
            assertThat(ready.get("status").textValue()).isEqualTo("ready");
            assertThat(ready.get("store").textValue()).startsWith("sqlite:");
            JsonNode version = json("/version", 200);
            assertThat(version.get("version").textValue()).isEqualTo("v-test");
            assertThat(version.get("instance").textValue()).isEqualTo("api-1");
        }

        @Test
        void metrics_count_requests_by_route() throws Exception {
            get("/Query?year=2013");
            assertThat(get("/metrics").body()).contains("route=\"/Query\",service=\"movies-api\",status=\"200\"");
        }

        @Test
        void unknown_routes_and_methods_are_json_errors() throws Exception {
            assertThat(json("/nope", 404).get("error").textValue()).isEqualTo("not_found");
            HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(api.uri() + "/movies"))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(delete.body()).contains("method_not_allowed");
        }
    }

    @Test
    void answers_carry_an_etag_and_a_repeat_with_it_gets_304() throws Exception {
        HttpResponse<String> first = get("/Query?year=1994");
        String etag = first.headers().firstValue("etag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(api.uri() + "/Query?year=1994"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void clients_that_accept_gzip_get_the_same_answer_compressed() throws Exception {
        HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create(api.uri() + "/Query?year=2000"))
                .header("Accept-Encoding", "gzip, deflate").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(zipped.headers().firstValue("vary")).contains("Accept-Encoding");
        String plain = get("/Query?year=2000").body();
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(plain);
        }
        assertThat(zipped.body().length).isLessThan(plain.length() / 2);
        assertThat(zipped.headers().firstValue("etag")).get().isNotEqualTo(
                get("/Query?year=2000").headers().firstValue("etag").orElseThrow());

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(api.uri() + "/Query?year=2000"))
                .header("Accept-Encoding", "gzip;q=0, identity").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.headers().firstValue("content-encoding")).isEmpty();
        assertThat(refused.body()).isEqualTo(plain);
    }

    @Test
    void a_load_while_the_api_runs_is_seen_at_once() throws Exception {
        assertThat(json("/Query?year=1950", 200).get("Count").intValue()).isEqualTo(1);
        String etag = get("/Query?year=1950").headers().firstValue("etag").orElseThrow();
        // another process's loader, as far as the API can tell: a separate store on the same file
        try (SqliteMovieStore loader = SqliteMovieStore.openOrCreate(dir.resolve("movies.db"))) {
            loader.upsert(List.of(new dev.bluegreen.movies.Movie(1950, "All About Eve",
                    dev.bluegreen.movies.MovieInfo.EMPTY)));
        }
        assertThat(titles(json("/Query?year=1950", 200).get("Items"))).containsExactly("All About Eve",
                "Sunset Boulevard");
        assertThat(get("/Query?year=1950").headers().firstValue("etag")).get().isNotEqualTo(etag);
    }

    @Test
    void an_unreachable_store_makes_ready_fail_and_queries_answer_503_naming_no_file_or_database_error()
            throws Exception {
        Path file = dir.resolve("closed.db");
        SqliteMovieStore closed = SqliteMovieStore.openOrCreate(file);
        closed.close();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(MoviesApi.class);
        logger.addAppender(log);
        try (ServiceHost broken = MoviesApi.start(settings(), closed)) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(broken.uri().resolve("/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(ready.body()).get("status").textValue()).isEqualTo("unavailable");
            HttpResponse<String> query = http.send(HttpRequest.newBuilder(broken.uri().resolve("/Query?year=2000"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(query.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(query.body());
            assertThat(body.get("error").textValue()).isEqualTo("unavailable");
            assertThat(body.get("message").textValue()).isEqualTo("the movie database is unavailable; try again "
                    + "later (the API's log says why)");
            for (String answer : new String[] {ready.body(), query.body()}) {
                assertThat(answer).doesNotContain(dir.toString()).doesNotContain("closed.db")
                        .doesNotContainIgnoringCase("sqlite").doesNotContainIgnoringCase("hikari");
            }
            // the operator still learns what went wrong, from the log
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains(file.toString()));
        } finally {
            logger.detachAppender(log);
        }
    }
}
