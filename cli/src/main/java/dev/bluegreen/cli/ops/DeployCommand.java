package dev.bluegreen.cli.ops;

import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Start a pipeline execution for a commit of the app.",
        footer = {"", "A commit to the watched branch starts one by itself; this is for any other ref, or again.",
                "Examples:", "  bluegreen deploy", "  bluegreen deploy --ref 3f2a1c9"})
public final class DeployCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Option(names = "--ref", paramLabel = "REF", defaultValue = "HEAD",
            description = "branch, tag or commit id (default: the watched branch's head)")
    String ref;

    @Override
    public Integer call() {
        return Answers.report(platform.client().post("/api/deploy", Map.of("ref", ref)));
    }
}
