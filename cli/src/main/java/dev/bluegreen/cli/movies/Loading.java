package dev.bluegreen.cli.movies;

import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.loader.AwsSample;
import dev.bluegreen.movies.loader.LoadReport;
import dev.bluegreen.movies.loader.Loader;
import dev.bluegreen.movies.loader.MovieSource;
import dev.bluegreen.movies.loader.Rejection;
import java.net.URI;
import java.nio.file.Path;

/** A load as the command line does it, shared by {@code bluegreen load} and {@code bluegreen aws load}. */
public final class Loading {

    /** 2500 movies per batch on DynamoDB, written 25 at a time by parallel writers. */
    public static final int DYNAMO_BATCH = 2500;

    private Loading() {
    }

    /** A file, AWS's sample (downloaded once, verified, cached), or the starter set when neither is given. */
    public static MovieSource source(Path file, boolean awsSample, URI awsSampleUrl) {
        if (awsSample) {
            Path json = new AwsSample(awsSampleUrl, AwsSample.defaultCacheDir(), System.err::println).fetch();
            return MovieSource.file(json);
        }
        return file == null ? MovieSource.starter() : MovieSource.file(file);
    }

    /** Loads, with progress on stderr, then prints the rejected items (if skipped) and the summary. */
    public static void load(MovieStore store, MovieSource source, int batch, boolean skipInvalid) {
        LoadReport report = new Loader(store, batch, ConsoleProgress.forStderr()).load(source, skipInvalid);
        for (Rejection rejection : report.rejections()) {
            System.out.println("skipped " + rejection.describe());
        }
        if (report.rejectedCount() > report.rejections().size()) {
            System.out.println("... and " + (report.rejectedCount() - report.rejections().size()) + " more skipped");
        }
        System.out.println(report.summary());
    }
}
