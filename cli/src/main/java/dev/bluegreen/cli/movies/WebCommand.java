package dev.bluegreen.cli.movies;

import dev.bluegreen.cli.UserError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "web", mixinStandardHelpOptions = true,
        description = "Run the movies web front end against one or more API instances.")
public final class WebCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("the web front end is not wired yet");
    }
}
