package dev.bluegreen.web;

import static dev.bluegreen.web.Web.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.service.ServiceHost;
import org.junit.jupiter.api.Test;

/** Answers the starter data cannot give: posters, and fields of a newer API the front end does not know yet. */
class ApiAnswersTest {

    static final String LISTING = """
            {"items":[
              {"year":2001,"title":"Poster \\"One\\"","shelf":"B2","info":{
                "image_url":"http://ia.media-imdb.com/images/M/one.jpg?a=1&b='2'","rating":9,
                "subtitles":["fr","de"]}},
              {"year":2002,"title":"Sneaky","info":{"image_url":"javascript:window.xss=1"}}
             ],
             "count":2,"next_cursor":null,"total":2}
            """;

    @Test
    void posters_are_shown_escaped_and_only_from_web_urls_and_unknown_fields_are_ignored() {
        try (StubApi stub = StubApi.answering(200, "application/json", LISTING);
             ServiceHost web = Web.start(stub.uri())) {
            String html = page(web, "/browse", 200);
            assertThat(Web.titles(html)).containsExactly("Poster \"One\"", "Sneaky");
            assertThat(html).contains("<img src=\"http://ia.media-imdb.com/images/M/one.jpg?a&#61;1&amp;b&#61;&#39;2&#39;\" "
                    + "alt=\"Poster of Poster &quot;One&quot;\"")
                    .contains("<dd class=\"rating\">9 / 10</dd>")
                    .doesNotContain("javascript:");
            assertThat(html.split("src=\"/static/no-poster.svg\"").length - 1).isEqualTo(1);
        }
    }
}
