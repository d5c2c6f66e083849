package dev.bluegreen.cli.movies;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.dynamodb.DynamoConfig;
import dev.bluegreen.movies.dynamodb.DynamoMovieStore;
import java.net.URI;

/** Opens the DynamoDB store from the command line's options (credentials: the AWS SDK's default chain). */
public final class Dynamo {

    private Dynamo() {
    }

    static MovieStore open(StoreOptions options, boolean create) {
        return open(options.table, options.region, options.endpoint, create);
    }

    /** A null region or endpoint: taken from the environment (see {@link DynamoConfig}). */
    public static MovieStore open(String table, String region, URI endpoint, boolean create) {
        DynamoConfig config;
        try {
            config = DynamoConfig.defaults().withTable(table).withRegion(region).withEndpoint(endpoint);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return create ? DynamoMovieStore.openOrCreate(config) : DynamoMovieStore.open(config);
    }
}
