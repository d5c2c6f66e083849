package dev.bluegreen.movies.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieJson;
import dev.bluegreen.movies.UpsertResult;
import dev.bluegreen.movies.sqlite.SqliteMovieStore;
import dev.bluegreen.testing.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {

    /** Numbers are equal when written alike: 7 is not 7.0. */
    private static final java.util.Comparator<JsonNode> NUMBERS_AS_WRITTEN = (a, b) ->
            a.isNumber() && b.isNumber() ? a.asText().compareTo(b.asText()) : a.equals(b) ? 0 : 1;

    @TempDir
    Path dir;
    SqliteMovieStore store;
    List<Long> progress = new ArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteMovieStore.openOrCreate(dir.resolve("movies.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Loader loader(int batchSize) {
        return new Loader(store, batchSize, new LoadProgress() {
            @Override
            public void started(String what, long total) {
                progress.add(-total);
            }

            @Override
            public void advanced(long done) {
                progress.add(done);
            }

            @Override
            public void finished() {
            }
        });
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("movies-" + System.nanoTime() + ".json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void the_full_aws_sample_loads_and_every_item_reads_back_exactly_as_written() throws IOException {
        Path sample = SampleData.fullSample();
        LoadReport report = loader(500).load(MovieSource.file(sample), false);

        assertThat(report.items()).isEqualTo(SampleData.MOVIES);
        assertThat(report.written()).isEqualTo(new UpsertResult(SampleData.MOVIES, 0, 0));
        assertThat(store.count()).isEqualTo(SampleData.MOVIES);
        assertThat(store.byYear(2013)).hasSize(432);
        assertThat(store.byYear(2000)).hasSize(106);
        assertThat(store.byTitle("Rush")).extracting(Movie::year).containsExactly(1991, 2013);
        assertThat(store.years()).hasSize(92);
        assertThat(progress).startsWith(-4609L, 500L).endsWith(4609L);

        JsonNode items = MovieJson.MAPPER.readTree(sample.toFile());
        for (JsonNode item : items) {
            Movie stored = store.get(item.get("year").intValue(), item.get("title").textValue()).orElseThrow();
            JsonNode back = MovieJson.MAPPER.readTree(MovieJson.infoToJson(stored.info()));
            assertThat(back.equals(NUMBERS_AS_WRITTEN, item.get("info"))).as("info of %s: %s", stored.key(), back)
                    .isTrue();
        }
    }

    @Test
    void loading_the_same_file_twice_changes_nothing_and_says_so() {
        MovieSource starter = MovieSource.starter();
        LoadReport first = loader(10).load(starter, false);
        LoadReport second = loader(10).load(starter, false);

        assertThat(first.written().inserted()).isGreaterThanOrEqualTo(50);
        assertThat(second.written()).isEqualTo(new UpsertResult(0, 0, first.written().inserted()));
        assertThat(second.summary()).startsWith("Nothing changed: all " + first.items() + " movies");
        assertThat(first.summary()).contains(first.items() + " new, 0 updated, 0 unchanged");
    }

    @Test
    void a_changed_item_is_updated_and_the_others_left_alone() throws IOException {
        loader(100).load(MovieSource.starter(), false);
        JsonNode items;
        try (var in = MovieSource.starter().open()) {
            items = MovieJson.MAPPER.readTree(in);
        }
        ((ObjectNode) items.get(3).get("info")).put("plot", "A new plot.");
        LoadReport report = loader(100).load(MovieSource.file(write(items.toString())), false);

        assertThat(report.written()).isEqualTo(new UpsertResult(0, 1, items.size() - 1));
        Movie changed = store.get(items.get(3).get("year").intValue(), items.get(3).get("title").textValue())
                .orElseThrow();
        assertThat(changed.info().plot()).isEqualTo("A new plot.");
    }

    @Test
    void the_starter_set_has_real_variety() {
        loader(100).load(MovieSource.starter(), false);
        assertThat(store.count()).isGreaterThanOrEqualTo(50);
        assertThat(store.byTitle("Romeo + Juliet")).hasSize(1);
        assertThat(store.byTitle("Face/Off")).hasSize(1);
        assertThat(store.byTitle("Bill & Ted's Excellent Adventure").get(0).info().rating()).hasToString("7");
        assertThat(store.byTitle("Rush")).hasSize(2);
        assertThat(store.byYear(2000)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(store.byYear(2013)).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void an_invalid_item_anywhere_rejects_the_whole_file_and_writes_nothing() throws IOException {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < 30; i++) {
            json.append("{\"year\": 2001, \"title\": \"Film ").append(i).append("\", \"info\": {\"rank\": ").append(i)
                    .append("}},\n");
        }
        json.append("{\"year\": 2013, \"title\": \"Rush\",\n \"info\": {\"rating\": \"high\", \"color\": \"red\"}}\n]");
        Path file = write(json.toString());

        assertThatThrownBy(() -> loader(10).load(MovieSource.file(file), false))
                .isInstanceOfSatisfying(InvalidMoviesException.class, e -> {
                    assertThat(e.getMessage()).endsWith("1 of 31 items are invalid; nothing was written");
                    assertThat(e.rejections()).singleElement().extracting(Rejection::describe).asString()
                            .startsWith("item [30] at line 32 (year 2013, title \"Rush\"): ")
                            .contains("info.color: unexpected field")
                            .contains("info.rating: expected a number from 0 to 10 such as 8.3, found the string \"high\"");
                });
        assertThat(store.count()).isZero();
    }

    @Test
    void skip_invalid_loads_the_valid_items_and_lists_the_rejected() throws IOException {
        Path file = write("""
                [
                  {"year": 2013, "title": "Rush", "info": {"rating": 8.3}},
                  {"year": "2013", "title": "Gravity"},
                  {"title": "No year"},
                  {"year": 2013, "title": ""},
                  {"year": 2013, "title": "Her", "info": {"actors": ["Joaquin Phoenix", 3], "rank": -1,
                   "release_date": "yesterday", "image_url": "ftp://x"}},
                  [1, 2],
                  {"year": 2013, "title": "Prisoners", "info": {"rating": 7, "plot": null}}
                ]
                """);
        LoadReport report = loader(10).load(MovieSource.file(file), true);

        assertThat(report.written()).isEqualTo(new UpsertResult(2, 0, 0));
        assertThat(report.rejectedCount()).isEqualTo(5);
        assertThat(report.summary()).contains("Skipped 5 invalid items");
        assertThat(report.rejections()).extracting(Rejection::describe).containsExactly(
                "item [1] at line 3 (title \"Gravity\"): year: expected a whole number such as 2013, found the string \"2013\"",
                "item [2] at line 4 (title \"No year\"): year: missing (expected a whole number such as 2013)",
                "item [3] at line 5 (year 2013): title: must not be empty",
                "item [4] at line 6 (year 2013, title \"Her\"): info.actors[1]: expected a non-empty string, found the number 3; "
                        + "info.release_date: expected a date such as \"2013-09-02T00:00:00Z\", found \"yesterday\"; "
                        + "info.image_url: expected an http(s) URL, found the string \"ftp://x\"; "
                        + "info.rank: expected a whole number of 0 or more, found the number -1",
                "item [5] at line 8: expected an object with year, title and info, found a list [1,2]");
        assertThat(store.get(2013, "Prisoners").orElseThrow().info().rating()).hasToString("7");
    }

    @Test
    void broken_json_is_reported_with_its_place_and_nothing_is_written() throws IOException {
        Path file = write("[\n{\"year\": 2013, \"title\": \"Rush\"},\n{\"year\": 2013, \"title\": \"Her\",,}\n]");
        assertThatThrownBy(() -> loader(1).load(MovieSource.file(file), true))
                .isInstanceOf(MovieFileException.class)
                .hasMessageStartingWith(file + ": invalid JSON at line 3, column 31 (in or after item [1])");
        assertThat(store.count()).isZero();
    }

    @Test
    void a_file_that_is_not_an_array_of_movies_is_refused_clearly() throws IOException {
        assertThatThrownBy(() -> loader(1).load(MovieSource.file(write("{\"year\": 2013}")), false))
                .hasMessageContaining("expected a JSON array of movies").hasMessageContaining("found an object");
        assertThatThrownBy(() -> loader(1).load(MovieSource.file(write("")), false))
                .hasMessageContaining("found an empty file");
        assertThatThrownBy(() -> loader(1).load(MovieSource.file(write("[{\"year\": 2013, \"title\": \"a\"}")), false))
                .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> loader(1).load(MovieSource.file(write("[] []")), false))
                .hasMessageContaining("unexpected content after the array");
        assertThatThrownBy(() -> loader(1).load(MovieSource.file(dir.resolve("missing.json")), false))
                .isInstanceOf(MovieFileException.class).hasMessageEndingWith("missing.json: no such file");
        assertThat(store.count()).isZero();
    }
}
