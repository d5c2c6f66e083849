package dev.bluegreen.movies.sqlite;

import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.MovieStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteMovieStoreTest extends MovieStoreContract {

    @TempDir
    Path dir;

    @Override
    protected MovieStore newEmptyStore() {
        return SqliteMovieStore.openOrCreate(dir.resolve("movies-" + System.nanoTime() + ".db"));
    }
}
