package dev.bluegreen.movies;

import static dev.bluegreen.movies.Fixtures.ASTERIX;
import static dev.bluegreen.movies.Fixtures.BARE;
import static dev.bluegreen.movies.Fixtures.OCEANS;
import static dev.bluegreen.movies.Fixtures.PRISONERS;
import static dev.bluegreen.movies.Fixtures.ROMEO_JULIET;
import static dev.bluegreen.movies.Fixtures.RUSH_1991;
import static dev.bluegreen.movies.Fixtures.RUSH_2013;
import static dev.bluegreen.movies.Fixtures.ZULU;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MovieStore} adapter must do. Each adapter's test extends this and supplies a fresh, empty
 * store per test.
 */
public abstract class MovieStoreContract {

    protected MovieStore store;

    /** A new, empty store; closed by the contract after each test. */
    protected abstract MovieStore newEmptyStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newEmptyStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private void loadFixtures() {
        store.upsert(Fixtures.all());
    }

    @Nested
    class Upsert {
        @Test
        void an_empty_store_has_nothing() {
            assertThat(store.count()).isZero();
            assertThat(store.years()).isEmpty();
            assertThat(store.get(2013, "Rush")).isEmpty();
            assertThat(store.find(MovieQuery.ALL, null, 10)).isEmpty();
        }

        @Test
        void new_movies_are_inserted_and_counted() {
            UpsertResult result = store.upsert(Fixtures.all());
            assertThat(result).isEqualTo(new UpsertResult(Fixtures.all().size(), 0, 0));
            assertThat(store.count()).isEqualTo(Fixtures.all().size());
        }

        @Test
        void upserting_the_same_movies_again_changes_nothing_and_says_so() {
            loadFixtures();
            UpsertResult again = store.upsert(Fixtures.all());
            assertThat(again).isEqualTo(new UpsertResult(0, 0, Fixtures.all().size()));
            assertThat(again.changedNothing()).isTrue();
            assertThat(store.count()).isEqualTo(Fixtures.all().size());
        }

        @Test
        void a_changed_movie_is_updated_and_the_rest_left_alone() {
            loadFixtures();
            MovieInfo info = RUSH_2013.info();
            Movie rerated = new Movie(2013, "Rush", new MovieInfo(info.directors(), info.releaseDate(),
                    new BigDecimal("8.1"), info.genres(), info.imageUrl(), info.plot(), info.rank(),
                    info.runningTimeSecs(), info.actors()));
            UpsertResult result = store.upsert(List.of(rerated, ZULU));
            assertThat(result).isEqualTo(new UpsertResult(0, 1, 1));
            assertThat(store.get(2013, "Rush")).contains(rerated);
        }

        @Test
        void a_rating_rewritten_from_7_to_7_point_0_is_the_same_number_and_no_change() {
            loadFixtures();
            MovieInfo info = PRISONERS.info();
            Movie rewritten = new Movie(PRISONERS.year(), PRISONERS.title(), new MovieInfo(info.directors(),
                    info.releaseDate(), new BigDecimal("7.00"), info.genres(), info.imageUrl(), info.plot(),
                    info.rank(), info.runningTimeSecs(), info.actors()));
            assertThat(store.upsert(List.of(rewritten))).isEqualTo(new UpsertResult(0, 0, 1));
            assertThat(store.get(2013, "Prisoners").orElseThrow().info().rating()).hasToString("7");
        }

        @Test
        void a_field_that_disappears_is_removed() {
            loadFixtures();
            Movie withoutPlot = new Movie(ZULU.year(), ZULU.title(), new MovieInfo(ZULU.info().directors(),
                    ZULU.info().releaseDate(), ZULU.info().rating(), ZULU.info().genres(), null, null,
                    ZULU.info().rank(), ZULU.info().runningTimeSecs(), ZULU.info().actors()));
            assertThat(store.upsert(List.of(withoutPlot))).isEqualTo(new UpsertResult(0, 1, 0));
            assertThat(store.get(1964, "Zulu").orElseThrow().info().plot()).isNull();
        }

        @Test
        void the_version_moves_when_data_changes_and_only_then_or_is_unknown() {
            long empty = store.version();
            if (empty == -1) {
                return; // this store cannot tell cheaply; readers never cache its answers
            }
            loadFixtures();
            long loaded = store.version();
            assertThat(loaded).isNotEqualTo(empty);
            store.upsert(Fixtures.all());
            assertThat(store.version()).isEqualTo(loaded);
            store.upsert(Fixtures.manyIn(2001, 1));
            assertThat(store.version()).isNotEqualTo(loaded);
        }

        @Test
        void an_empty_batch_does_nothing() {
            assertThat(store.upsert(List.of())).isEqualTo(UpsertResult.NONE);
        }

        @Test
        void a_batch_larger_than_any_backend_limit_is_written_whole() {
            List<Movie> many = Fixtures.manyIn(2010, 260);
            assertThat(store.upsert(many)).isEqualTo(new UpsertResult(260, 0, 0));
            assertThat(store.count()).isEqualTo(260);
            assertThat(store.upsert(many)).isEqualTo(new UpsertResult(0, 0, 260));
        }
    }

    @Nested
    class Reading {
        @BeforeEach
        void load() {
            loadFixtures();
        }

        @Test
        void a_movie_round_trips_field_for_field() {
            assertThat(store.get(2013, "Rush")).contains(RUSH_2013);
            assertThat(store.get(1991, "Rush")).contains(RUSH_1991);
        }

        @Test
        void ratings_come_back_as_written() {
            assertThat(store.get(2013, "Prisoners").orElseThrow().info().rating()).hasToString("7");
            assertThat(store.get(2013, "Rush").orElseThrow().info().rating()).hasToString("8.3");
        }

        @Test
        void missing_fields_stay_missing() {
            Movie bare = store.get(2013, "a bare title").orElseThrow();
            assertThat(bare).isEqualTo(BARE);
            assertThat(bare.info().plot()).isNull();
            assertThat(bare.info().actors()).isNull();
        }

        @Test
        void titles_with_ampersands_apostrophes_and_plus_signs_are_found_exactly() {
            assertThat(store.get(1996, "Romeo + Juliet")).contains(ROMEO_JULIET);
            assertThat(store.byTitle("Ocean's Eleven")).containsExactly(OCEANS);
            assertThat(store.byTitle("Asterix & Obelix: God Save Britannia")).containsExactly(ASTERIX);
        }

        @Test
        void an_unknown_key_is_empty() {
            assertThat(store.get(2013, "rush")).isEmpty();
            assertThat(store.get(2012, "Rush")).isEmpty();
        }

        @Test
        void a_year_lists_its_movies_by_title_in_byte_order() {
            assertThat(store.byYear(2013)).extracting(Movie::title)
                    .containsExactly("Asterix & Obelix: God Save Britannia", "Prisoners", "Rush", "a bare title");
            assertThat(store.byYear(1900)).isEmpty();
        }

        @Test
        void a_title_lists_every_year_it_was_used_in_year_order() {
            assertThat(store.byTitle("Rush")).containsExactly(RUSH_1991, RUSH_2013);
            assertThat(store.byTitle("RUSH")).isEmpty();
        }

        @Test
        void years_are_ascending_with_their_counts() {
            assertThat(store.years()).containsExactly(new YearCount(1964, 1), new YearCount(1991, 1),
                    new YearCount(1996, 1), new YearCount(2001, 1), new YearCount(2013, 4));
        }

        @Test
        void the_store_is_reachable_and_describes_itself() {
            store.checkReachable();
            assertThat(store.describe()).isNotBlank();
        }
    }

    @Nested
    class Search {
        @BeforeEach
        void load() {
            loadFixtures();
        }

        private List<String> search(String text) {
            return store.find(MovieQuery.ofText(text), null, 100).stream()
                    .map(m -> m.year() + " " + m.title()).toList();
        }

        @Test
        void search_ignores_case() {
            assertThat(search("rUsH")).containsExactly("1991 Rush", "2013 Rush");
        }

        @Test
        void search_matches_word_prefixes() {
            assertThat(search("pris")).containsExactly("2013 Prisoners");
            assertThat(search("isoners")).isEmpty();
        }

        @Test
        void search_needs_every_word() {
            assertThat(search("rush hemsworth")).containsExactly("2013 Rush");
        }

        @Test
        void search_covers_actors_directors_and_genres() {
            assertThat(search("clooney")).containsExactly("2001 Ocean's Eleven");
            assertThat(search("villeneuve")).containsExactly("2013 Prisoners");
            assertThat(search("history")).containsExactly("1964 Zulu");
        }

        @Test
        void search_ignores_accents_and_punctuation() {
            assertThat(search("bruhl")).containsExactly("2013 Rush");
            assertThat(search("Brühl")).containsExactly("2013 Rush");
            assertThat(search("ocean's")).containsExactly("2001 Ocean's Eleven");
            assertThat(search("romeo + juliet")).containsExactly("1996 Romeo + Juliet");
            assertThat(search("asterix & obelix")).containsExactly("2013 Asterix & Obelix: God Save Britannia");
        }

        @Test
        void search_text_is_never_interpreted_as_query_syntax() {
            assertThat(search("\"rush\" OR zulu")).isEmpty();
            assertThat(search("rush*")).containsExactly("1991 Rush", "2013 Rush");
            assertThat(search("NEAR(rush)")).isEmpty();
            assertThat(search("'; DROP TABLE movies; --")).isEmpty();
            assertThat(store.count()).isEqualTo(Fixtures.all().size());
        }

        @Test
        void search_can_be_narrowed_to_a_year() {
            assertThat(store.find(new MovieQuery(2013, null, "drama"), null, 10)).extracting(Movie::title)
                    .containsExactly("Prisoners", "Rush");
        }
    }

    @Nested
    class Paging {
        @Test
        void pages_follow_each_other_without_gaps_or_repeats_in_every_order() {
            loadFixtures();
            store.upsert(Fixtures.manyIn(2013, 23));
            store.upsert(Fixtures.manyIn(2012, 7));
            for (MovieQuery query : List.of(MovieQuery.ALL, MovieQuery.ofYear(2013), MovieQuery.ofText("drama"),
                    MovieQuery.ofTitle("Rush"), new MovieQuery(2013, null, "film"))) {
                List<Movie> whole = store.find(query, null, 1000);
                assertThat(whole).as("all of %s", query).isNotEmpty().allMatch(query::matches)
                        .isSortedAccordingTo(query.order().movies());
                for (int pageSize : new int[] {1, 2, 5, 10}) {
                    assertThat(pageThrough(query, pageSize)).as("%s in pages of %d", query, pageSize)
                            .containsExactlyElementsOf(whole);
                }
            }
        }

        @Test
        void browsing_lists_every_movie_by_year_then_title() {
            loadFixtures();
            store.upsert(Fixtures.manyIn(2012, 3));
            List<Movie> all = pageThrough(MovieQuery.ALL, 4);
            assertThat(all).hasSize(Fixtures.all().size() + 3).isSortedAccordingTo(MovieQuery.Order.YEAR_TITLE.movies());
            assertThat(all.get(0)).isEqualTo(ZULU);
        }

        @Test
        void year_and_title_together_find_one_movie() {
            loadFixtures();
            assertThat(store.find(new MovieQuery(2013, "Rush", null), null, 10)).containsExactly(RUSH_2013);
        }

        @Test
        void a_page_after_the_last_key_is_empty() {
            loadFixtures();
            assertThat(store.find(MovieQuery.ALL, new MovieKey(9999, "zzz"), 10)).isEmpty();
        }

        private List<Movie> pageThrough(MovieQuery query, int pageSize) {
            List<Movie> seen = new ArrayList<>();
            MovieKey after = null;
            for (int guard = 0; guard < 1000; guard++) {
                List<Movie> page = store.find(query, after, pageSize);
                assertThat(page.size()).isLessThanOrEqualTo(pageSize);
                seen.addAll(page);
                if (page.size() < pageSize) {
                    return seen;
                }
                after = page.get(page.size() - 1).key();
            }
            throw new AssertionError("paging never ended");
        }
    }
}
