package dev.bluegreen.cli.ops;

import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rollback", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Put the previous production side back.",
        footer = {"", "'bluegreen status' says whether a rollback is possible, and to what.",
                "While a release shifts traffic in steps (a canary, a linear release), it sends all of production "
                        + "back to the old side at once and ends that release rolled back."})
public final class RollbackCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Override
    public Integer call() {
        return Answers.report(platform.client().post("/api/rollback", Map.of()));
    }
}
