package dev.bluegreen.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void a_path_segment_keeps_every_character_of_a_title_inside_it() {
        assertThat(Urls.pathSegment("Face/Off")).isEqualTo("Face%2FOff");
        assertThat(Urls.pathSegment("Romeo + Juliet")).isEqualTo("Romeo%20%2B%20Juliet");
        assertThat(Urls.pathSegment("Bill & Ted's")).isEqualTo("Bill%20%26%20Ted%27s");
        assertThat(Urls.pathSegment("O Brother, Where Art Thou?")).isEqualTo("O%20Brother%2C%20Where%20Art%20Thou%3F");
        assertThat(Urls.pathSegment("Amélie")).isEqualTo("Am%C3%A9lie");
        assertThat(Urls.pathSegment("100% #1 ..")).isEqualTo("100%25%20%231%20..");
        assertThat(Urls.pathSegment("a-b_c.d~e")).isEqualTo("a-b_c.d~e");
    }

    @Test
    void a_query_value_encodes_plus_and_ampersand() {
        assertThat(Urls.queryValue("Romeo + Juliet")).isEqualTo("Romeo+%2B+Juliet");
        assertThat(Urls.queryValue("Bill & Ted's")).isEqualTo("Bill+%26+Ted%27s");
    }

    @Test
    void a_listing_becomes_the_apis_query() {
        assertThat(Listing.ofTitle("Romeo + Juliet").path(null, 10)).isEqualTo("/movies?title=Romeo+%2B+Juliet&limit=10");
        assertThat(Listing.ofYear(2000).path("abc_-", 5)).isEqualTo("/movies?year=2000&limit=5&cursor=abc_-");
        assertThat(Listing.ALL.path(null, 10)).isEqualTo("/movies?limit=10");
    }
}
