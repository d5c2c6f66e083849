package dev.bluegreen.cli.movies;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.movies.MovieStore;

/** Opens the DynamoDB store from the command line's options. */
final class Dynamo {

    private Dynamo() {
    }

    static MovieStore open(StoreOptions options, boolean create) {
        throw new UserError("the DynamoDB store is not wired yet");
    }
}
