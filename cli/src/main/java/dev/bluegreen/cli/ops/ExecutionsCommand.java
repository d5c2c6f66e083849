package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "executions", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "List the pipeline's executions, stages and release steps.")
public final class ExecutionsCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "how many (default: 10)")
    int limit;

    @Option(names = "--log", paramLabel = "EXECUTION", description = "print this execution's build log instead")
    Long log;

    @Override
    public Integer call() {
        PlatformClient client = platform.client();
        if (log != null) {
            client.copy("/api/executions/" + log + "/log", System.out);
            return 0;
        }
        if (limit < 1 || limit > 200) {
            throw new UserError("--limit must be from 1 to 200, got " + limit);
        }
        JsonNode executions = client.get("/api/executions?limit=" + limit);
        if (executions.isEmpty()) {
            System.out.println("No executions yet: commit to the app repository, or run 'bluegreen deploy'.");
        }
        for (JsonNode e : executions) {
            JsonNode commit = e.path("commit");
            String subject = commit.path("message").asText().lines().findFirst().orElse("");
            System.out.printf("#%-4s %-16s %-18s %s %s: %s%s%n", e.path("id").asText(), e.path("tag").asText(),
                    e.path("status").asText(), commit.path("id").asText().substring(0, 7),
                    commit.path("author").asText(), subject,
                    e.path("approvedBy").isNull() ? "" : " (approved by " + e.path("approvedBy").asText() + ")");
            JsonNode release = e.path("release");
            if (release.isObject()) {
                System.out.printf("        release %s (%s)%n", release.path("description").asText(),
                        release.path("chosenBy").asText());
            }
            for (JsonNode stage : e.path("stages")) {
                String status = stage.path("status").asText();
                // a stage skipped with a reason (the first run's review) is shown; one never reached is not
                boolean skippedSilently = "SKIPPED".equals(status) && stage.path("message").asText().isEmpty();
                if (!"PENDING".equals(status) && !skippedSilently) {
                    List<String> lines = stage.path("message").asText().lines().toList();
                    System.out.printf("        %-7s %-10s %s%n", stage.path("stage").asText(), status,
                            lines.isEmpty() ? "" : lines.get(0));
                    // what failed, whole: a failed check's reason and output, a failed build's last lines
                    if ("FAILED".equals(status)) {
                        lines.stream().skip(1).forEach(line -> System.out.printf("%27s%s%n", "", line));
                    }
                    if ("FLIP".equals(stage.path("stage").asText())) {
                        release.path("steps").forEach(ExecutionsCommand::printStep);
                    }
                }
            }
        }
        return 0;
    }

    /** One step of a shift: "   20 %  PASSED     new side 40 requests, ...". */
    private static void printStep(JsonNode step) {
        String note = step.path("note").asText() + (step.path("resumed").asBoolean() ? " (resumed after a restart)"
                : "");
        System.out.printf("%16d %%  %-10s %s%n", step.path("percent").asInt(), step.path("result").asText(),
                note.strip());
    }
}
