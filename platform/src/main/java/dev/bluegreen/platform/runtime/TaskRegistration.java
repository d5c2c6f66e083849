package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.event.EventType;
import dev.bluegreen.platform.lb.Target;
import dev.bluegreen.platform.lb.TargetGroup;
import dev.bluegreen.platform.tasks.Task;
import dev.bluegreen.platform.tasks.TaskEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Joins the supervisor to the load balancer, as ECS registers a service's tasks in its target group: a task that
 * turned healthy is registered; one about to be stopped is deregistered and drained first, so no request is sent
 * to a task that is going away; one that died is dropped at once. Failures go to the event log.
 */
final class TaskRegistration implements TaskEvents {

    private final Function<String, TargetGroup> groupOfService;
    private final EventLog events;
    private final String host;
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();

    private final MeterRegistry metrics;

    TaskRegistration(Function<String, TargetGroup> groupOfService, EventLog events, String host,
                     MeterRegistry metrics) {
        this.groupOfService = groupOfService;
        this.events = events;
        this.host = host;
        this.metrics = metrics;
    }

    int restarts(String service) {
        return restarts.getOrDefault(service, 0);
    }

    @Override
    public void taskHealthy(Task task) {
        TargetGroup group = group(task);
        group.register(new Target(task.id(), URI.create("http://" + host + ":" + task.port())));
        events.record("supervisor", EventType.TASK_STARTED, task.id(), task.pid(), task.port(), group.name());
    }

    @Override
    public CompletionStage<Void> taskStopping(Task task) {
        return deregister(task);
    }

    @Override
    public void taskExited(Task task, int exitCode, boolean expected) {
        deregister(task);
        if (!expected) {
            restarts.merge(Revisions.service(task.service()), 1, Integer::sum);
            Counter.builder("bluegreen.task.restarts").description("Tasks that exited on their own, by service")
                    .tag("service", Revisions.service(task.service())).register(metrics).increment();
            events.record("supervisor", EventType.TASK_EXITED, task.id(), task.pid(), exitCode, task.log());
        }
    }

    @Override
    public void taskFailedToStart(Task task, String reason) {
        deregister(task);
        events.record("supervisor", EventType.TASK_FAILED, task.id(), reason, task.log());
    }

    @Override
    public void restartScheduled(String service, Duration delay) {
        events.record("supervisor", EventType.RESTART_SCHEDULED, service, delay.toMillis());
    }

    /** The group of the task's service ({@code task.service()} names the revision, see {@link Revisions}). */
    private TargetGroup group(Task task) {
        return groupOfService.apply(task.service());
    }

    /** Deregisters a task that is registered; completes when its requests in flight are done (or at the delay). */
    private CompletionStage<Void> deregister(Task task) {
        try {
            return group(task).deregister(task.id());
        } catch (IllegalArgumentException neverRegisteredOrAlreadyGone) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
