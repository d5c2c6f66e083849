package dev.bluegreen.core.event;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of event, named once with the sentence it records: the store keeps the {@link #code()}, which the
 * dashboard and scripts read ({@code flip}, {@code task-exited}...), so codes never change once released.
 */
public enum EventType {
    // the platform's life
    CREATED("created", "prod on %s (%s), test on %s (%s), both running %s"),
    SERVICE_CREATED("service-created", "%s: %d task(s) of %s in target group %s"),
    STARTED("started", "%s: prod on %s, test on %s"),
    ORPHANS("orphans", "tasks left by a platform that did not stop cleanly: %s"),
    PIPELINE_WATCHING("pipeline", "watching branch %s of %s"),
    SHUTDOWN_REQUESTED("shutdown-requested", "stopping every service and the platform"),
    STOPPING("stopping", "draining and stopping every task, then the listeners"),

    // services and their tasks
    SCALE("scale", "%s: %d -> %d task(s)%s"),
    DEPLOY("deploy", "%s deployed to %s (%s, %d task(s) healthy); %s still serves production"),
    TASK_STARTED("task-started", "task %s (pid %d, port %d) is healthy and registered in target group %s"),
    TASK_EXITED("task-exited", "task %s (pid %d) exited on its own with code %d; see %s"),
    TASK_FAILED("task-failed", "task %s did not start: %s; see %s"),
    RESTART_SCHEDULED("restart-scheduled", "service %s starts a new task in %d ms"),

    // traffic
    FLIP("flip", "flip: production now on %s (%s), test on %s (%s)"),
    FLIP_REFUSED("flip-refused", "%s"),
    ROLLBACK("rollback", "rollback: production now on %s (%s), test on %s (%s)"),
    ROLLBACK_REFUSED("rollback-refused", "%s"),
    SHIFT("shift", "shift: %d %% of production on %s (%s), %d %% on %s (%s)"),
    SHIFT_REFUSED("shift-refused", "%s"),

    // the pipeline: an execution's transitions, each with the execution described as it now is
    EXECUTION_STARTED("execution-started", "#%d %s for commit %s by %s: %s"),
    PIPELINE_SOURCE_SUCCEEDED("pipeline-source-succeeded", "%s"),
    PIPELINE_SOURCE_FAILED("pipeline-source-failed", "%s"),
    PIPELINE_BUILD_SUCCEEDED("pipeline-build-succeeded", "%s"),
    PIPELINE_BUILD_FAILED("pipeline-build-failed", "%s"),
    PIPELINE_DEPLOY_SUCCEEDED("pipeline-deploy-succeeded", "%s"),
    PIPELINE_DEPLOY_FAILED("pipeline-deploy-failed", "%s"),
    PIPELINE_CHECK_SUCCEEDED("pipeline-check-succeeded", "%s"),
    PIPELINE_CHECK_FAILED("pipeline-check-failed", "%s"),
    PIPELINE_APPROVED("pipeline-approved", "%s"),
    PIPELINE_REJECTED("pipeline-rejected", "%s"),
    /** One step of a canary or linear release judged: the new side against the old over the step's interval. */
    PIPELINE_SHIFT_STEP("pipeline-shift-step", "%s"),
    PIPELINE_FLIP_SUCCEEDED("pipeline-flip-succeeded", "%s"),
    PIPELINE_FLIP_FAILED("pipeline-flip-failed", "%s"),
    PIPELINE_SUCCEEDED("pipeline-succeeded", "%s"),
    PIPELINE_AUTO_ROLLBACK("pipeline-auto-rollback", "%s"),
    PIPELINE_SUPERSEDED("pipeline-superseded", "%s"),
    PIPELINE_INTERRUPTED("pipeline-interrupted", "%s"),
    /** An unexpected failure ended the execution (a bug or a broken disk, not a stage's own failure). */
    PIPELINE_FAILED("pipeline-failed", "%s");

    private static final Map<String, EventType> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::code, Function.identity()));

    private final String code;
    private final String template;

    EventType(String code, String template) {
        this.code = code;
        this.template = template;
    }

    /** What the store, the control API and the dashboard call it. */
    public String code() {
        return code;
    }

    public String message(Object... args) {
        return String.format(template, args);
    }

    /** @throws IllegalArgumentException for a code no version of bluegreen wrote */
    public static EventType ofCode(String code) {
        EventType type = BY_CODE.get(code);
        if (type == null) {
            throw new IllegalArgumentException("unknown event type '" + code + "'");
        }
        return type;
    }
}
