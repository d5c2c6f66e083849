package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reject", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Reject the build under review: production stays as it is.")
public final class RejectCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXECUTION",
            description = "the execution's number (default: the one waiting for review)")
    Long id;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "why, for the record")
    String reason;

    @Override
    public Integer call() {
        PlatformClient client = platform.client();
        JsonNode execution = Reviews.target(client, id);
        return Answers.report(client.post("/api/executions/" + execution.path("id").asLong() + "/reject",
                Map.of("reason", reason)));
    }
}
