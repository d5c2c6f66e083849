package dev.bluegreen.web;

import static dev.bluegreen.web.Web.get;
import static dev.bluegreen.web.Web.next;
import static dev.bluegreen.web.Web.page;
import static dev.bluegreen.web.Web.titles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.web.api.Urls;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The front end over HTTP, on the real API and the starter movies, with the built-in site (10 per page). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPagesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    RealApi api;
    ServiceHost web;

    @BeforeAll
    void start(@TempDir Path dir) {
        api = RealApi.start(dir, 1);
        web = Web.start(api.uri());
    }

    @AfterAll
    void stop() {
        web.close();
        api.close();
    }

    @Nested
    class Home {
        @Test
        void has_three_independent_get_forms_with_labels_and_a_browse_link() {
            String html = page(web, "/", 200);
            assertThat(html).contains("<form class=\"search-form\" id=\"year-form\" action=\"/year\" method=\"get\">")
                    .contains("<form class=\"search-form\" id=\"title-form\" action=\"/title\" method=\"get\">")
                    .contains("id=\"search-form\" action=\"/search\" method=\"get\"")
                    .contains("<label for=\"year-input\">", "id=\"year-input\" name=\"year\"")
                    .contains("<label for=\"title-input\">", "id=\"title-input\" name=\"title\"")
                    .contains("<label for=\"search-input\">", "id=\"search-input\" name=\"q\"")
                    .contains("<a href=\"/browse\" id=\"browse-link\">")
                    .contains("<html lang=\"en\">", "<h1>Movies Database</h1>");
            // each form has only its own field: submitting one never sends the other's (the seed's bug)
            assertThat(html.split("<form").length - 1).isEqualTo(3);
            assertThat(html).doesNotContain("<script");
        }

        @Test
        void shows_the_version_banner_and_links_the_theme() {
            String html = page(web, "/", 200);
            assertThat(html).contains("<strong id=\"banner-version\">built-in</strong>")
                    .contains("<strong id=\"banner-colour\">blue</strong>")
                    .contains("<strong id=\"banner-instance\">web-1</strong>")
                    .contains("id=\"banner-host\">", "Build v-web-test")
                    .contains("<link rel=\"stylesheet\" href=\"/theme.css\">");
        }
    }

    @Nested
    class Results {
        @Test
        void a_year_pages_through_all_its_movies_in_title_order() {
            String first = page(web, "/year?year=2000", 200);
            assertThat(first).contains("<h1 id=\"results-heading\">Movies from 2000</h1>")
                    .contains("value=\"2000\"", "Page 1: 10 movies").doesNotContain("rel=\"first\"");
            List<String> titles = new ArrayList<>(titles(first));
            assertThat(titles).hasSize(10).isSorted();
            String second = page(web, next(first), 200);
            assertThat(second).contains("Page 2: 2 movies", "<a href=\"/year?year&#61;2000\" rel=\"first\"");
            assertThat(next(second)).isNull();
            titles.addAll(titles(second));
            assertThat(titles).containsExactly("Billy Elliot", "Cast Away", "Chicken Run",
                    "Crouching Tiger, Hidden Dragon", "Erin Brockovich", "Gladiator", "Memento",
                    "Mission: Impossible II", "O Brother, Where Art Thou?", "Requiem for a Dream", "Snatch", "X-Men");
        }

        @Test
        void browse_all_reaches_the_last_page_and_every_movie() throws Exception {
            List<String> seen = new ArrayList<>();
            String url = "/browse";
            int pages = 0;
            while (url != null) {
                String html = page(web, url, 200);
                assertThat(titles(html)).isNotEmpty();
                seen.addAll(titles(html));
                url = next(html);
                pages++;
                if (url == null) {
                    assertThat(html).contains("Page 7: 5 movies", "rel=\"first\"").doesNotContain("rel=\"next\"");
                }
            }
            assertThat(pages).isEqualTo(7);
            JsonNode all = JSON.readTree(Web.send(HttpRequest.newBuilder(URI.create(api.uri() + "/movies?limit=100"))
                    .build()).body()).get("items");
            List<String> expected = new ArrayList<>();
            all.forEach(movie -> expected.add(movie.get("title").textValue()));
            assertThat(seen).hasSize(65).isEqualTo(expected);
        }

        @Test
        void a_result_shows_every_field_formatted_for_people() {
            String html = page(web, "/title?title=Gladiator", 200);
            assertThat(html).contains("<h1 id=\"results-heading\">Movies titled \u201cGladiator\u201d</h1>")
                    .contains("<dd class=\"rating\">8.5 / 10</dd>")
                    .contains("<dd class=\"genres\">Action, Adventure, Drama</dd>")
                    .contains("<dd class=\"directors\">Ridley Scott</dd>")
                    .contains("<dd class=\"actors\">Russell Crowe, Joaquin Phoenix, Connie Nielsen</dd>")
                    .contains("<dd class=\"running-time\">2 h 35 min</dd>")
                    .contains("<time datetime=\"2000-05-05\">5 May 2000</time>")
                    .contains("<p class=\"plot\">A betrayed Roman general fights his way back as a gladiator.</p>")
                    .contains("<img src=\"/static/no-poster.svg\" alt=\"No poster available\"")
                    .contains("1 movie");
        }

        @Test
        void missing_fields_are_left_out_and_integer_ratings_stay_integers() {
            String rush = page(web, "/title?title=Rush", 200);
            assertThat(titles(rush)).containsExactly("Rush", "Rush");
            assertThat(rush).contains("<span class=\"year\">(1991)</span>", "<span class=\"year\">(2013)</span>");
            // Rush (1991) has neither rating nor plot
            assertThat(rush.split("class=\"rating\"").length - 1).isEqualTo(1);
            assertThat(page(web, "/title?title=Bill+%26+Ted%27s+Excellent+Adventure", 200))
                    .contains("<dd class=\"rating\">7 / 10</dd>");
        }

        @Test
        void titles_with_special_characters_are_found_and_linked() {
            for (String title : List.of("Bill & Ted's Excellent Adventure", "Ocean's Eleven", "Romeo + Juliet",
                    "Face/Off", "Amélie", "O Brother, Where Art Thou?", "Léon: The Professional")) {
                String html = page(web, "/title?title=" + Urls.queryValue(title), 200);
                assertThat(titles(html)).as(title).containsExactly(title);
                String detail = detailLink(html);
                String movie = page(web, detail, 200);
                assertThat(movie).as(detail).contains("<h1 class=\"movie-title\">"
                        + Web.escape(title) + " <span");
            }
        }

        @Test
        void free_text_search_covers_titles_and_people() {
            String html = page(web, "/search?q=clooney", 200);
            assertThat(titles(html)).containsExactly("Gravity", "O Brother, Where Art Thou?", "Ocean's Eleven");
            assertThat(html).contains("value=\"clooney\"", "Movies matching \u201cclooney\u201d");
            assertThat(titles(page(web, "/search?q=AMELIE", 200))).containsExactly("Amélie");
        }

        @Test
        void no_results_is_a_clear_200_page() {
            assertThat(page(web, "/year?year=1800", 200))
                    .contains("<p class=\"empty\" id=\"no-results\">No movies from 1800 in the database.</p>");
            assertThat(page(web, "/title?title=No+Such+Film", 200))
                    .contains("id=\"no-results\">No movie is titled exactly \u201cNo Such Film\u201d.");
            assertThat(page(web, "/search?q=zzzzz", 200)).contains("Nothing matches \u201czzzzz\u201d.");
        }

        @Test
        void one_movie_has_its_own_page_and_an_unknown_one_is_a_404_page() {
            String html = page(web, "/movie?year=2013&title=Rush", 200);
            assertThat(html).contains("<title>Rush (2013) · Movies Database</title>", "Ron Howard",
                    "<a href=\"/year?year&#61;2013\">");
            assertThat(page(web, "/movie?year=2013&title=Nothing", 404))
                    .contains("<h1 id=\"error-heading\">Not found</h1>", "no movie titled &quot;Nothing&quot; in 2013");
        }

        private String detailLink(String html) {
            Matcher matcher = Pattern.compile("class=\"movie-title\"><a href=\"([^\"]*)\"").matcher(html);
            assertThat(matcher.find()).isTrue();
            return Web.unescape(matcher.group(1));
        }
    }

    @Nested
    class Escaping {
        static final String PROBE = "<script>window.xss=1</script><img src=x onerror=window.xss=1>\"'`";

        @Test
        void input_echoed_in_headings_messages_and_form_values_is_escaped() {
            for (String path : List.of("/title?title=", "/search?q=")) {
                String html = page(web, path + Urls.queryValue(PROBE), 200);
                assertThat(html).as(path).doesNotContain("<script>window", "<img src=x", "\"'`\"")
                        .contains("&lt;script&gt;window.xss&#61;1&lt;/script&gt;&lt;img src&#61;x onerror&#61;"
                                + "window.xss&#61;1&gt;&quot;&#39;&#96;");
            }
            String bad = page(web, "/year?year=" + Urls.queryValue(PROBE), 400);
            assertThat(bad).doesNotContain("<script>window").contains("&lt;script&gt;");
            assertThat(page(web, "/nope'x", 404)).contains("nothing at GET /nope&#39;x");
        }
    }

    @Nested
    class BadInput {
        @Test
        void is_a_400_page_that_says_what_to_do() {
            assertThat(page(web, "/year?year=abc", 400)).contains("Please check your search",
                    "The year must be a whole number such as 2013; &quot;abc&quot; is not one.",
                    "id=\"year-form\"");
            assertThat(page(web, "/year", 400)).contains("Enter a year to search for");
            assertThat(page(web, "/year?year=", 400)).contains("Enter a year to search for");
            assertThat(page(web, "/title?title=", 400)).contains("Enter a title to search for");
            assertThat(page(web, "/title?title=+++", 400)).contains("Enter a title to search for");
            assertThat(page(web, "/search?q=", 400)).contains("Enter one or more words");
            assertThat(page(web, "/year?year=2000&cursor=x&page=0", 400)).contains("The page number must be");
        }

        @Test
        void the_apis_own_refusals_are_400_pages_with_its_message() {
            assertThat(page(web, "/year?year=20000", 400))
                    .contains("year must be a whole number between 1000 and 9999, got 20000");
            assertThat(page(web, "/search?q=%21%21%21", 400)).contains("q must contain at least one letter or digit");
            assertThat(page(web, "/browse?cursor=bogus", 400)).contains("cursor is not valid");
            assertThat(page(web, "/title?title=" + "x".repeat(1100), 400)).contains("at most 1024 bytes");
        }

        @Test
        void unknown_pages_and_methods_are_html_pages() {
            assertThat(page(web, "/nope", 404)).contains("<h1 id=\"error-heading\">Not found</h1>");
            assertThat(page(web, "/static/nope.css", 404)).contains("There is no file /static/nope.css");
            HttpResponse<String> post = Web.send(HttpRequest.newBuilder(URI.create(web.uri() + "/year"))
                    .POST(HttpRequest.BodyPublishers.ofString("year=2000")).build());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("content-type")).get().asString().matches(Web.HTML_UTF8);
            assertThat(post.body()).contains("Method not allowed", "id=\"version-banner\"");
        }
    }

    @Nested
    class Oversized {
        @Test
        void requests_are_414_and_431_html_pages_with_one_charset() {
            HttpResponse<String> longUri = get(web, "/search?q=" + "a".repeat(9000));
            assertThat(longUri.statusCode()).isEqualTo(414);
            assertThat(longUri.headers().allValues("content-type")).containsExactly("text/html; charset=utf-8");
            assertThat(longUri.body()).contains("Request too large", "shorten the query parameters",
                    "id=\"version-banner\"");
            HttpResponse<String> bigHeaders = Web.send(HttpRequest.newBuilder(URI.create(web.uri() + "/"))
                    .header("X-Big", "y".repeat(9000)).build());
            assertThat(bigHeaders.statusCode()).isEqualTo(431);
            assertThat(bigHeaders.headers().allValues("content-type")).containsExactly("text/html; charset=utf-8");
        }
    }

    @Nested
    class Headers {
        @Test
        void every_answer_has_the_security_headers() {
            for (String path : List.of("/", "/year?year=2000", "/year?year=abc", "/nope", "/static/style.css",
                    "/health")) {
                HttpResponse<String> response = get(web, path);
                assertThat(response.headers().firstValue("content-security-policy")).as(path)
                        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'", "style-src 'self'")
                                .doesNotContain("unsafe-inline", "script-src"));
                assertThat(response.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
                assertThat(response.headers().firstValue("referrer-policy")).as(path).hasValue("no-referrer");
            }
            assertThat(get(web, "/year?year=2000").headers().firstValue("cache-control")).hasValue("no-cache");
        }
    }

    @Nested
    class StaticFiles {
        @Test
        void are_served_with_their_type_and_revalidated_by_etag() {
            HttpResponse<String> css = get(web, "/static/style.css");
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("content-type")).get().asString().matches("text/css; ?charset=utf-8");
            String etag = css.headers().firstValue("etag").orElseThrow();
            HttpResponse<String> again = Web.send(HttpRequest.newBuilder(URI.create(web.uri() + "/static/style.css"))
                    .header("If-None-Match", etag).build());
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(get(web, "/static/no-poster.svg").headers().firstValue("content-type"))
                    .hasValue("image/svg+xml");
            HttpResponse<String> theme = get(web, "/theme.css");
            assertThat(theme.body()).contains("--page-background: #1f6feb;", "--page-text: #ffffff;");
        }

        @Test
        void nothing_outside_the_static_files_is_reachable() {
            for (String path : List.of("/static/../site.properties", "/static/%2e%2e/site.properties",
                    "/static/..%2Fsite.properties", "/static/templates/home.mustache", "/site.properties")) {
                assertThat(get(web, path).statusCode()).as(path).isIn(400, 404);
            }
        }
    }

    @Nested
    class Operations {
        @Test
        void health_ready_version_and_metrics_answer() throws Exception {
            HttpResponse<String> health = get(web, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").textValue()).isEqualTo("ok");
            HttpResponse<String> ready = get(web, "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ready.body()).get("api").textValue()).isEqualTo(api.uri().toString());
            JsonNode version = JSON.readTree(get(web, "/version").body());
            assertThat(version.get("service").textValue()).isEqualTo("movies-web");
            assertThat(version.get("version").textValue()).isEqualTo("v-web-test");
            assertThat(version.get("instance").textValue()).isEqualTo("web-1");
            assertThat(version.get("label").textValue()).isEqualTo("built-in");
            assertThat(version.get("colour").textValue()).isEqualTo("blue");
            get(web, "/year?year=2013");
            assertThat(get(web, "/metrics").body()).contains("route=\"/year\",service=\"movies-web\",status=\"200\"");
        }
    }
}
