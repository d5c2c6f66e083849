package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How the pipeline's Flip moves production to an approved build unless the approval or the app says otherwise: the
 * stack's default strategy, as {@code up}'s pipeline takes it, and the weighted forward's stickiness. Checked here
 * with the core's parser (main.yaml's pattern holds the same form); a value left out keeps the stack's.
 */
final class ReleaseOptions {

    /** The ALB keeps a client on one target group of a weighted forward for at most 7 days. */
    static final long MAX_STICKINESS_SECONDS = 604_800;

    @Option(names = "--release-strategy", paramLabel = "SPEC",
            description = "how the Flip releases an approved build unless its approval or the app's release.yml says "
                    + "otherwise: all-at-once (the default), canary:PERCENT%:INTERVAL or linear:PERCENT%:INTERVAL, "
                    + "e.g. canary:10%:5m")
    String strategy;

    @Option(names = "--release-stickiness", paramLabel = "SECONDS",
            description = "while traffic shifts, how long a client stays on the side it first reached, 0 to 604800; "
                    + "0 for none (the default)")
    String stickiness;

    void validate() {
        if (strategy != null) {
            strategy(strategy);
        }
        if (stickiness != null) {
            stickiness(stickiness);
        }
    }

    /** The stack's parameters; null (kept on an update, the template's default on a create) for what was not given. */
    void into(Map<String, String> parameters) {
        parameters.put(MainStack.RELEASE_STRATEGY, strategy == null ? null : strategy(strategy));
        parameters.put(MainStack.RELEASE_STICKINESS, stickiness == null ? null : stickiness(stickiness));
    }

    /** The spec as the core writes it back ({@code canary:10%:300s} is {@code canary:10%:5m}). */
    static String strategy(String value) {
        return parse("--release-strategy", value).spec();
    }

    static ReleaseStrategy parse(String option, String value) {
        try {
            return ReleaseStrategy.parse(value);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().contains(ReleaseStrategy.FORMAT) ? e.getMessage()
                    : e.getMessage() + " (a strategy is " + ReleaseStrategy.FORMAT + ")";
            throw new UserError(option + ": " + why);
        }
    }

    static String stickiness(String value) {
        long seconds = value.matches("\\d{1,7}") ? Long.parseLong(value) : -1;
        if (seconds < 0 || seconds > MAX_STICKINESS_SECONDS) {
            throw new UserError("--release-stickiness '" + value + "' must be a whole number of seconds from 0 to "
                    + MAX_STICKINESS_SECONDS + " (7 days)");
        }
        return Long.toString(seconds);
    }
}
