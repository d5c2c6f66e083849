package dev.bluegreen.cli.movies;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.loader.AwsSample;
import dev.bluegreen.movies.loader.MovieSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load movies (the AWS sample format) into SQLite or DynamoDB.",
        footer = {"", "Examples:",
                "  bluegreen load                          the starter movies into .bluegreen/movies.db",
                "  bluegreen load moviedata.json           a file in the AWS sample's format",
                "  bluegreen load --aws-sample             download AWS's 4,609 movies (cached afterwards)",
                "  bluegreen load --store dynamodb --table Movies --aws-sample"})
public final class LoadCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a JSON array of movies (default: the starter set)")
    Path file;

    @Option(names = "--aws-sample", description = "load AWS's sample data set (downloaded once, verified, cached)")
    boolean awsSample;

    @Option(names = "--aws-sample-url", paramLabel = "URL", hidden = true,
            description = "where to download moviedata.zip (a mirror)")
    URI awsSampleUrl = AwsSample.DEFAULT_URL;

    @Option(names = "--skip-invalid", description = "load the valid items and list the rejected ones")
    boolean skipInvalid;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "movies per write batch (default: 500 on SQLite, one transaction each; 2500 on DynamoDB, "
                    + "written 25 at a time by parallel writers)")
    Integer batchSize;

    @Override
    public Integer call() {
        if (file != null && awsSample) {
            throw new UserError("give either FILE or --aws-sample, not both");
        }
        int batch = batchSize != null ? batchSize
                : storeOptions.store == StoreOptions.Kind.sqlite ? 500 : Loading.DYNAMO_BATCH;
        if (batch < 1 || batch > 10_000) {
            throw new UserError("--batch-size must be between 1 and 10000, got " + batch);
        }
        MovieSource source = Loading.source(file, awsSample, awsSampleUrl);
        try (MovieStore store = storeOptions.openForWriting()) {
            Loading.load(store, source, batch, skipInvalid);
        }
        return 0;
    }
}
