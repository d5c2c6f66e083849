package dev.bluegreen.cli.up;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.core.routing.TaskCounts;
import picocli.CommandLine.Option;

/**
 * How many tasks the services run: production's web side, the test side while it idles (promotion at full size: a
 * side is scaled to production's count before production moves to it, and idles again after the bake), the API.
 * Unset, a first start takes the defaults and a restart keeps what the state says.
 */
public final class TaskCountOptions {

    @Option(names = "--prod-tasks", paramLabel = "N",
            description = "web tasks of production's side, and of a side before production moves to it (default: 2 "
                    + "at the first start, then what the state says)")
    Integer prodTasks;

    @Option(names = "--idle-tasks", paramLabel = "N",
            description = "web tasks of the test side while it idles: a new build's, and the side production left "
                    + "once its bake passed (default: 1 at the first start, then what the state says)")
    Integer idleTasks;

    @Option(names = "--web-tasks", paramLabel = "N",
            description = "both of the above: every web side at N tasks, always at full size")
    Integer webTasks;

    @Option(names = "--api-tasks", paramLabel = "N",
            description = "API tasks (default: 2 at the first start, then what the state says)")
    Integer apiTasks;

    Integer prod() {
        check();
        return webTasks != null ? webTasks : prodTasks;
    }

    Integer idle() {
        check();
        return webTasks != null ? webTasks : idleTasks;
    }

    Integer api() {
        return inRange("--api-tasks", apiTasks, 0);
    }

    private void check() {
        if (webTasks != null && (prodTasks != null || idleTasks != null)) {
            throw new UserError("give --web-tasks (both sides) or --prod-tasks and --idle-tasks, not both");
        }
        inRange("--prod-tasks", prodTasks, 1);
        inRange("--idle-tasks", idleTasks, 1);
        inRange("--web-tasks", webTasks, 1);
    }

    private static Integer inRange(String option, Integer value, int least) {
        if (value != null && (value < least || value > TaskCounts.MAX)) {
            throw new UserError(option + " must be from " + least + " to " + TaskCounts.MAX + ", got " + value);
        }
        return value;
    }
}
