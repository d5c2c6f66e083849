package dev.bluegreen.cli.ops;

import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "flip", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Swap production and test (refused if test is unhealthy).",
        footer = {"", "Refused when the side to be promoted has no healthy task. 'bluegreen rollback' flips back."})
public final class FlipCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Override
    public Integer call() {
        return Answers.report(platform.client().post("/api/flip", Map.of()));
    }
}
