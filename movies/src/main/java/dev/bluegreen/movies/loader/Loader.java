package dev.bluegreen.movies.loader;

import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.UpsertResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a moviedata.json into a store in two streaming passes: the first validates every item, so that a bad
 * file writes nothing; the second writes in batches (one transaction per batch on SQLite, parallel
 * BatchWriteItem chunks on DynamoDB).
 */
public final class Loader {

    /** How many rejections are kept to show; the rest are only counted. */
    static final int REJECTIONS_SHOWN = 100;

    private final MovieStore store;
    private final int batchSize;
    private final LoadProgress progress;

    public Loader(MovieStore store, int batchSize, LoadProgress progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.store = store;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    /**
     * @throws MovieFileException     the source is not a readable JSON array
     * @throws InvalidMoviesException some items are invalid and {@code skipInvalid} is false (nothing written)
     */
    public LoadReport load(MovieSource source, boolean skipInvalid) {
        long start = System.nanoTime();
        List<Rejection> rejections = new ArrayList<>();
        long[] rejected = {0};
        long items = MovieFileReader.read(source, (index, line, item) -> {
            MovieValidator.Result result = MovieValidator.validate(item);
            if (!result.valid()) {
                if (rejected[0]++ < REJECTIONS_SHOWN) {
                    rejections.add(new Rejection(index, line, result.year(), result.title(), result.problems()));
                }
            }
        });
        if (rejected[0] > 0 && !skipInvalid) {
            throw new InvalidMoviesException(source.name(), rejections, rejected[0], items);
        }
        UpsertResult written = write(source, items - rejected[0], skipInvalid);
        return new LoadReport(source.name(), store.describe(), items, written, rejections, rejected[0],
                Duration.ofNanos(System.nanoTime() - start));
    }

    private UpsertResult write(MovieSource source, long validItems, boolean skipInvalid) {
        progress.started("Loading " + source.name(), validItems);
        List<Movie> batch = new ArrayList<>(batchSize);
        UpsertResult[] total = {UpsertResult.NONE};
        long[] done = {0};
        try {
            // validating again costs far less than remembering which items were bad, whatever the file's size
            MovieFileReader.read(source, (index, line, item) -> {
                MovieValidator.Result result = MovieValidator.validate(item);
                if (result.valid()) {
                    batch.add(result.movie());
                    if (batch.size() == batchSize) {
                        total[0] = total[0].plus(flush(batch, done));
                    }
                } else if (!skipInvalid) {
                    throw new MovieFileException(source.name() + " changed while it was being loaded (item ["
                            + index + "] became invalid); load it again");
                }
            });
            total[0] = total[0].plus(flush(batch, done));
        } finally {
            progress.finished();
        }
        return total[0];
    }

    private UpsertResult flush(List<Movie> batch, long[] done) {
        if (batch.isEmpty()) {
            return UpsertResult.NONE;
        }
        UpsertResult result = store.upsert(List.copyOf(batch));
        done[0] += batch.size();
        batch.clear();
        progress.advanced(done[0]);
        return result;
    }
}
