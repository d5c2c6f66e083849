package dev.bluegreen.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.web.api.ApiMovie;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MovieViewTest {

    static final DateTimeFormatter DATES = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    @Test
    void every_field_is_formatted_for_people() {
        MovieView view = MovieView.of(new ApiMovie(1997, "Face/Off", new ApiMovie.Info(List.of("John Woo"),
                "1997-06-27T00:00:00Z", new BigDecimal("7.3"), List.of("Action", "Crime"),
                "https://example.org/faceoff.jpg", "A swap of faces.", 5, 8280, List.of("John Travolta", "Nicolas Cage"))),
                DATES);
        assertThat(view.detailUrl()).isEqualTo("/movie?year=1997&title=Face%2FOff");
        assertThat(view.titleUrl()).isEqualTo("/title?title=Face%2FOff");
        assertThat(view.rating()).isEqualTo("7.3");
        assertThat(view.genres()).isEqualTo("Action, Crime");
        assertThat(view.directors()).isEqualTo("John Woo");
        assertThat(view.actors()).isEqualTo("John Travolta, Nicolas Cage");
        assertThat(view.runningTime()).isEqualTo("2 h 18 min");
        assertThat(view.releaseDate()).isEqualTo("27 June 1997");
        assertThat(view.releaseDateIso()).isEqualTo("1997-06-27");
        assertThat(view.posterUrl()).isEqualTo("https://example.org/faceoff.jpg");
    }

    @Test
    void missing_fields_stay_missing() {
        MovieView view = MovieView.of(new ApiMovie(2013, "a bare title", null), DATES);
        assertThat(view).extracting(MovieView::rating, MovieView::genres, MovieView::directors, MovieView::actors,
                MovieView::runningTime, MovieView::releaseDate, MovieView::plot, MovieView::posterUrl)
                .containsOnlyNulls();
    }

    @Test
    void ratings_keep_the_form_the_api_gave() {
        assertThat(rating("7")).isEqualTo("7");
        assertThat(rating("8.0")).isEqualTo("8.0");
        assertThat(rating("6.35")).isEqualTo("6.35");
    }

    private static String rating(String value) {
        return MovieView.of(new ApiMovie(2000, "x", new ApiMovie.Info(null, null, new BigDecimal(value), null, null,
                null, null, null, null)), DATES).rating();
    }

    @Test
    void running_times_are_hours_and_minutes() {
        assertThat(MovieView.runningTime(9300)).isEqualTo("2 h 35 min");
        assertThat(MovieView.runningTime(7200)).isEqualTo("2 h");
        assertThat(MovieView.runningTime(3480)).isEqualTo("58 min");
        assertThat(MovieView.runningTime(20)).isEqualTo("1 min");
        assertThat(MovieView.runningTime(0)).isNull();
        assertThat(MovieView.runningTime(null)).isNull();
    }

    @Test
    void dates_are_read_in_the_forms_the_data_uses() {
        assertThat(MovieView.date("2000-05-05T00:00:00Z")).isEqualTo(LocalDate.of(2000, 5, 5));
        assertThat(MovieView.date("2000-05-05T00:00:00")).isEqualTo(LocalDate.of(2000, 5, 5));
        assertThat(MovieView.date("2000-05-05")).isEqualTo(LocalDate.of(2000, 5, 5));
        assertThat(MovieView.date("sometime in May")).isNull();
        MovieView odd = MovieView.of(new ApiMovie(2000, "x", new ApiMovie.Info(null, "sometime in May", null, null,
                null, null, null, null, null)), DATES);
        assertThat(odd.releaseDate()).isEqualTo("sometime in May");
        assertThat(odd.releaseDateIso()).isNull();
    }

    @Test
    void only_web_urls_become_posters() {
        assertThat(MovieView.poster("http://ia.media-imdb.com/images/M/x.jpg"))
                .isEqualTo("http://ia.media-imdb.com/images/M/x.jpg");
        assertThat(MovieView.poster("javascript:alert(1)")).isNull();
        assertThat(MovieView.poster("data:image/png;base64,AAAA")).isNull();
        assertThat(MovieView.poster("/relative.jpg")).isNull();
        assertThat(MovieView.poster("http://exa mple.org/x.jpg")).isNull();
        assertThat(MovieView.poster("")).isNull();
    }
}
