package dev.bluegreen.cli.movies;

import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.sqlite.SqliteMovieStore;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which movie store a command uses: the embedded SQLite file (default) or a DynamoDB table. */
public final class StoreOptions {

    public enum Kind { sqlite, dynamodb }

    public static final Path DEFAULT_DB = Path.of(".bluegreen", "movies.db");

    @Option(names = "--store", defaultValue = "sqlite", paramLabel = "KIND",
            description = "sqlite (default: an embedded file) or dynamodb")
    Kind store = Kind.sqlite;

    @Option(names = "--db", paramLabel = "FILE", description = "SQLite file (default: ${DEFAULT-VALUE})",
            defaultValue = ".bluegreen/movies.db")
    Path db = DEFAULT_DB;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = "Movies",
            description = "DynamoDB table (default: ${DEFAULT-VALUE})")
    String table = "Movies";

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region for DynamoDB (default: $AWS_REGION, else us-east-1)")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "DynamoDB endpoint (default: $AWS_ENDPOINT_URL, else AWS's)")
    URI endpoint;

    /** For a loader: creates the database or table when absent. */
    public MovieStore openForWriting() {
        return switch (store) {
            case sqlite -> SqliteMovieStore.openOrCreate(db);
            case dynamodb -> Dynamo.open(this, true);
        };
    }

    /** For a reader: a missing database or table is an error that says how to create it. */
    public MovieStore openForReading() {
        return switch (store) {
            case sqlite -> SqliteMovieStore.open(db);
            case dynamodb -> Dynamo.open(this, false);
        };
    }
}
