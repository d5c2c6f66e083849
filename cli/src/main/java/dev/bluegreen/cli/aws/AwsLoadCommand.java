package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.aws.stack.Stacks;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.cli.movies.Dynamo;
import dev.bluegreen.cli.movies.Loading;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.loader.AwsSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bluegreen aws load}: {@code bluegreen load --store dynamodb} into the deployed stack's table. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load movies into the stack's DynamoDB table.",
        footer = {"", "Examples:",
                "  bluegreen aws load                           the starter movies",
                "  bluegreen aws load --aws-sample              AWS's 4,609 sample movies",
                "  bluegreen aws load --file a.json --file b.json --stack demo"})
public final class AwsLoadCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--table", paramLabel = "NAME",
            description = "the table (default: the stack's, its MoviesTable output)")
    String table;

    @Option(names = "--file", paramLabel = "FILE",
            description = "a JSON array of movies; repeat for several (default: the starter set)")
    List<Path> files = new ArrayList<>();

    @Option(names = "--aws-sample", description = "load AWS's sample data set (downloaded once, verified, cached)")
    boolean awsSample;

    @Option(names = "--skip-invalid", description = "load the valid items and list the rejected ones")
    boolean skipInvalid;

    @Override
    public Integer call() {
        String stack = aws.stack();
        if (!files.isEmpty() && awsSample) {
            throw new UserError("give either --file or --aws-sample, not both");
        }
        try (AwsClients clients = aws.clients()) {
            String region = AwsRegion.of(clients);
            String name = table != null ? table : tableOf(clients, stack);
            List<Path> sources = files.isEmpty() ? java.util.Collections.singletonList(null) : files;
            // region given explicitly: the same one the stack was read from, whatever the environment says
            try (MovieStore store = Dynamo.open(name, region, null, true)) {
                for (Path file : sources) {
                    Loading.load(store, Loading.source(file, awsSample, AwsSample.DEFAULT_URL), Loading.DYNAMO_BATCH,
                            skipInvalid);
                }
            }
        }
        return 0;
    }

    private static String tableOf(AwsClients clients, String stack) {
        Map<String, String> outputs = new Stacks(clients.cloudFormation()).outputs(stack).orElseThrow(() ->
                new UserError("stack " + stack + " does not exist in " + AwsRegion.of(clients) + ": deploy it with "
                        + "'bluegreen aws deploy', or name the table with --table"));
        String name = outputs.get(MainStack.MOVIES_TABLE);
        if (name == null || name.isBlank()) {
            throw new UserError("stack " + stack + " has no " + MainStack.MOVIES_TABLE + " output (is it still being "
                    + "created?); name the table with --table");
        }
        return name;
    }
}
