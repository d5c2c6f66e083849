package dev.bluegreen.cli;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.core.routing.FlipNotFinished;
import dev.bluegreen.movies.InvalidQueryException;
import dev.bluegreen.movies.StoreUnavailableException;
import dev.bluegreen.movies.loader.InvalidMoviesException;
import dev.bluegreen.movies.loader.MovieFileException;
import dev.bluegreen.movies.loader.Rejection;
import dev.bluegreen.platform.runtime.PlatformException;
import dev.bluegreen.web.site.SiteException;
import java.io.PrintWriter;
import software.amazon.awssdk.core.exception.SdkException;
import picocli.CommandLine;

/**
 * How a failed command tells the user: what went wrong and what to do, never a stack trace for a mistake or an
 * unavailable dependency. Set {@code BLUEGREEN_DEBUG=1} for stack traces of unexpected errors.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof InvalidMoviesException invalid) {
            err.println("error: " + invalid.getMessage());
            for (Rejection r : invalid.rejections().subList(0, Math.min(20, invalid.rejections().size()))) {
                err.println("  " + r.describe());
            }
            if (invalid.rejectedCount() > 20) {
                err.println("  ... and " + (invalid.rejectedCount() - 20) + " more");
            }
            err.println("Fix the file, or load the valid items with --skip-invalid.");
        } else if (e instanceof UserError || e instanceof MovieFileException || e instanceof InvalidQueryException
                || e instanceof StoreUnavailableException || e instanceof SiteException
                || e instanceof PlatformException || e instanceof AwsException || e instanceof FlipNotFinished) {
            err.println("error: " + e.getMessage());
        } else if (e instanceof SdkException aws) {
            // no credentials, no region, an unreachable endpoint, a refused call: the SDK's message says which
            err.println("error: an AWS call failed: " + aws.getMessage());
        } else {
            err.println("error: unexpected failure: " + e);
            if (System.getenv("BLUEGREEN_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set BLUEGREEN_DEBUG=1 for details)");
            }
        }
        err.flush();
        return FAILED;
    }
}
