package dev.bluegreen.cli.movies;

import dev.bluegreen.api.MoviesApi;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.service.ServiceSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Run the movies REST API (the seed's /Query routes and /movies).",
        footer = {"", "Examples:",
                "  bluegreen api                           on 127.0.0.1:5000 over .bluegreen/movies.db",
                "  bluegreen api --port 5001 --db /data/movies.db",
                "  bluegreen api --store dynamodb --table Movies --region eu-west-1",
                "Then: curl 'http://127.0.0.1:5000/Query?year=2013'"})
public final class ApiCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    ServeOptions serve;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "5000",
            description = "port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Override
    public Integer call() {
        ServiceSettings settings = serve.settings("movies-api", port, "api");
        MovieStore store = storeOptions.openForReading();
        return Serving.run(() -> MoviesApi.start(settings, store), store);
    }
}
