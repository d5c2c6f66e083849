package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.up.ConfigFile;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

@Command(name = "approve", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Approve the build under review: release it to production.",
        footer = {"", "The approval names the build's tag: if a newer commit superseded it meanwhile, it is refused.",
                "It is released as the app's release.yml says (all at once without one), unless --strategy says "
                        + "otherwise for this release.",
                "", "Examples:", "  bluegreen approve", "  bluegreen approve 12 --strategy canary:10%:5m",
                "  bluegreen approve --strategy all-at-once"})
public final class ApproveCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXECUTION",
            description = "the execution's number (default: the one waiting for review)")
    Long id;

    @Option(names = "--strategy", paramLabel = "SPEC", converter = StrategySpec.class,
            description = "how to release it this time: all-at-once, canary:PERCENT%:INTERVAL (PERCENT for "
                    + "INTERVAL, then the rest) or linear:PERCENT%:INTERVAL (PERCENT more every INTERVAL); the "
                    + "interval in ms, s, m or h (default: the app's release.yml)")
    ReleaseStrategy strategy;

    @Override
    public Integer call() {
        PlatformClient client = platform.client();
        JsonNode execution = Reviews.target(client, id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tag", execution.path("tag").asText());
        if (strategy != null) {
            body.put("strategy", strategy.spec());
        }
        return Answers.report(client.post("/api/executions/" + execution.path("id").asLong() + "/approve", body));
    }

    /** A spec that is no strategy is a usage mistake, told before anything is asked of the platform. */
    static final class StrategySpec implements ITypeConverter<ReleaseStrategy> {
        @Override
        public ReleaseStrategy convert(String value) {
            try {
                return ReleaseStrategy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
