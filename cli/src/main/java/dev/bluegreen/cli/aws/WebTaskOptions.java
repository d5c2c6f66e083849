package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.cli.UserError;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How many web tasks each side runs on AWS (promotion at full size): the options of {@code up}'s by the same names,
 * checked here against {@code main.yaml}'s limits (at most 4, the web services' autoscaling ceiling); a value left out
 * keeps the stack's.
 */
final class WebTaskOptions {

    /** The web services' autoscaling ceiling in cluster.yaml. */
    static final int MAX = 4;

    @Option(names = "--prod-tasks", paramLabel = "N",
            description = "web tasks of production's side, and of a side before production moves to it, 1 to 4 "
                    + "(default: 2)")
    String production;

    @Option(names = "--idle-tasks", paramLabel = "N",
            description = "web tasks of the side production left, once its bake passed (a new build goes to the test "
                    + "side at production's count), 1 to 4 (default: 1)")
    String idle;

    void validate() {
        if (production != null) {
            count("--prod-tasks", production);
        }
        if (idle != null) {
            count("--idle-tasks", idle);
        }
    }

    /** The stack's parameters; null (kept on an update, the template's default on a create) for what was not given. */
    void into(Map<String, String> parameters) {
        parameters.put(MainStack.PRODUCTION_WEB_TASKS, production == null ? null : count("--prod-tasks", production));
        parameters.put(MainStack.IDLE_WEB_TASKS, idle == null ? null : count("--idle-tasks", idle));
    }

    static String count(String option, String value) {
        int count = value.matches("\\d{1,2}") ? Integer.parseInt(value) : -1;
        if (count < 1 || count > MAX) {
            throw new UserError(option + " '" + value + "' must be a whole number of tasks from 1 to " + MAX);
        }
        return Integer.toString(count);
    }
}
