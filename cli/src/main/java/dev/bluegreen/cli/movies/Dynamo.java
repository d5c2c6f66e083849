package dev.bluegreen.cli.movies;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.dynamodb.DynamoConfig;
import dev.bluegreen.movies.dynamodb.DynamoMovieStore;

/** Opens the DynamoDB store from the command line's options (credentials: the AWS SDK's default chain). */
final class Dynamo {

    private Dynamo() {
    }

    static MovieStore open(StoreOptions options, boolean create) {
        DynamoConfig config;
        try {
            config = DynamoConfig.defaults().withTable(options.table).withRegion(options.region)
                    .withEndpoint(options.endpoint);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return create ? DynamoMovieStore.openOrCreate(config) : DynamoMovieStore.open(config);
    }
}
