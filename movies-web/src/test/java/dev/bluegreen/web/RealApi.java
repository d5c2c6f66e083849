package dev.bluegreen.web;

import dev.bluegreen.api.MoviesApi;
import dev.bluegreen.movies.loader.LoadProgress;
import dev.bluegreen.movies.loader.Loader;
import dev.bluegreen.movies.loader.MovieSource;
import dev.bluegreen.movies.sqlite.SqliteMovieStore;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real movies API, in process, on a SQLite store loaded with the 65 starter movies; more instances share it. */
final class RealApi implements AutoCloseable {

    private final SqliteMovieStore store;
    private final List<ServiceHost> instances = new ArrayList<>();

    private RealApi(SqliteMovieStore store) {
        this.store = store;
    }

    static RealApi start(Path dir, int instances) {
        SqliteMovieStore store = SqliteMovieStore.openOrCreate(dir.resolve("movies.db"));
        new Loader(store, 100, LoadProgress.NONE).load(MovieSource.starter(), false);
        RealApi api = new RealApi(store);
        for (int i = 1; i <= instances; i++) {
            api.instances.add(MoviesApi.start(new ServiceSettings("movies-api", ServiceSettings.LOOPBACK, 0,
                    Duration.ofSeconds(1), "v-api", "api-" + i), store));
        }
        return api;
    }

    URI uri() {
        return instances.get(0).uri();
    }

    ServiceHost instance(int index) {
        return instances.get(index);
    }

    @Override
    public void close() {
        instances.forEach(ServiceHost::close);
        store.close();
    }
}
