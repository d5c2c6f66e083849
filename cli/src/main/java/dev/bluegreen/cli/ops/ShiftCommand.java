package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "shift", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Shift a share of production to the build on test.",
        footer = {"", "Examples:",
                "  bluegreen shift --percent 10                  10 % of production to the build on test",
                "  bluegreen shift --to b3-3f2a1c9 --percent 25  only if test still runs that build",
                "  bluegreen shift --percent 100                 the rest: the build is promoted (a flip)",
                "  bluegreen rollback                            ends the shift: all of production back on its side",
                "", "One step of a canary or linear release. Refused (exit code 1) when the test side runs another",
                "build or has no healthy task. Every step is an event; 'bluegreen status' shows the weights.",
                "With 'up --stickiness', a client keeps its side while the shift lasts."})
public final class ShiftCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Option(names = "--to", paramLabel = "BUILD",
            description = "the build (image tag) the test side must run (default: the one it runs now)")
    String build;

    @Option(names = "--percent", paramLabel = "P", required = true,
            description = "percent of production's requests to send to it, 1 to 100 (100 completes the release)")
    int percent;

    @Override
    public Integer call() {
        if (percent < 1 || percent > 100) {
            throw new UserError("--percent must be from 1 to 100 (100 completes the release; 'bluegreen rollback' "
                    + "sends everything back), got " + percent);
        }
        PlatformClient client = platform.client();
        String to = build != null ? build : testBuild(client.get("/api/status"));
        return Answers.report(client.post("/api/shift", Map.of("build", to, "percent", percent)));
    }

    /** The build the test listener's target group runs now, as status tells it. */
    private static String testBuild(JsonNode status) {
        String group = null;
        for (JsonNode listener : status.path("listeners")) {
            if ("test".equals(listener.path("name").asText())) {
                group = listener.path("targetGroup").asText(null);
            }
        }
        for (JsonNode g : status.path("targetGroups")) {
            if (g.path("name").asText().equals(group) && g.path("tags").hasNonNull("Image")) {
                return g.path("tags").path("Image").asText();
            }
        }
        throw new UserError("the test side runs no build that status names; name one with --to BUILD");
    }
}
