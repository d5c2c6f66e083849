package dev.bluegreen.cli.ops;

import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "scale", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Set how many tasks a service runs.",
        footer = {"", "Examples:", "  bluegreen scale api 3", "  bluegreen scale web-green 0"})
public final class ScaleCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "web-blue, web-green or api")
    String service;

    @Parameters(index = "1", paramLabel = "N", description = "number of tasks, 0 to 20")
    int count;

    @Override
    public Integer call() {
        if (count < 0 || count > 20) {
            throw new UserError("N must be from 0 to 20, got " + count);
        }
        if (!service.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new UserError("no service '" + service + "'; the services are web-blue, web-green and api");
        }
        return Answers.report(platform.client().post("/api/services/" + service + "/scale", Map.of("count", count)));
    }
}
