package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "approve", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Approve the build under review: flip it to production.",
        footer = {"", "The approval names the build's tag: if a newer commit superseded it meanwhile, it is refused."})
public final class ApproveCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXECUTION",
            description = "the execution's number (default: the one waiting for review)")
    Long id;

    @Override
    public Integer call() {
        PlatformClient client = platform.client();
        JsonNode execution = Reviews.target(client, id);
        return Answers.report(client.post("/api/executions/" + execution.path("id").asLong() + "/approve",
                Map.of("tag", execution.path("tag").asText())));
    }
}
