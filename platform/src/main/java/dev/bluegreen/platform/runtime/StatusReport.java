package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.platform.lb.Cidr;
import dev.bluegreen.platform.lb.TargetGroup;
import dev.bluegreen.platform.lb.TargetHealth;
import dev.bluegreen.platform.state.Executions;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import dev.bluegreen.platform.tasks.Supervisor;
import dev.bluegreen.platform.tasks.Task;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code bluegreen status} shows, as JSON-ready maps: listeners with the target group they forward to (and
 * their weights, which differ from 100 % on it while traffic shifts), target
 * groups with their tags and targets' health, services with their version and tasks, whether a rollback is
 * possible, and the last events.
 */
record StatusReport(PlatformStore store, Map<String, TargetGroup> groups, Supervisor supervisor,
                    TaskRegistration registration, RunningPlatform running, PlatformConfig config, String version,
                    Instant startedAt, TaskCounts webTasks) {

    static final int EVENTS_SHOWN = 20;
    static final int EXECUTIONS_SHOWN = 3;

    /** @param rollback whether a rollback would be carried out now: done with the side it would promote */
    Map<String, Object> build(Outcome rollback) {
        Routing routing = store.routing();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", version);
        status.put("pid", running.pid());
        status.put("startedAt", startedAt.toString());
        status.put("dataDir", config.dataDir().toAbsolutePath().toString());
        status.put("control", running.control().toString());
        status.put("listeners", running.listeners().entrySet().stream().map(listener -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", listener.getKey());
            view.put("url", listener.getValue().toString());
            view.put("port", listener.getValue().getPort());
            view.put("targetGroup", routing.forwardsTo(listener.getKey()).orElse(null));
            // percent by target group: {"blue": 100}, or {"blue": 90, "green": 10} while traffic shifts
            view.put("weights", routing.weights(listener.getKey()));
            if (listener.getKey().equals(Topology.TEST)) {
                view.put("allow", config.testAllow().stream().map(Cidr::toString).toList());
            }
            return view;
        }).toList());
        status.put("targetGroups", groups.values().stream().map(group -> Map.of(
                "name", group.name(),
                "tags", routing.tags(group.name()).values(),
                "targets", group.describe().stream().map(StatusReport::target).toList())).toList());
        status.put("services", store.services().stream().map(this::service).toList());
        status.put("webTasks", Map.of("production", webTasks.production(), "idle", webTasks.idle()));
        Map<String, Object> rollbackView = new LinkedHashMap<>();
        rollbackView.put("possible", rollback.done());
        if (rollback.done()) {
            rollbackView.put("to", rollback.message());
        }
        status.put("rollback", rollbackView);
        status.put("executions", store.executions(EXECUTIONS_SHOWN).stream().map(Executions::view).toList());
        status.put("events", store.events(EVENTS_SHOWN).stream().map(StatusReport::event).toList());
        return status;
    }

    private static Map<String, Object> target(TargetHealth health) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", health.target().id());
        view.put("url", health.target().uri().toString());
        view.put("state", health.state().name());
        view.put("inFlight", health.inFlight());
        return view;
    }

    private Map<String, Object> service(ServiceRecord service) {
        TargetGroup group = groups.get(service.targetGroup());
        Map<String, String> targetStates = new LinkedHashMap<>();
        if (group != null) {
            group.describe().forEach(h -> targetStates.put(h.target().id(), h.state().name()));
        }
        List<Task> tasks = supervisor.tasks(Revisions.key(service));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", service.name());
        view.put("targetGroup", service.targetGroup());
        view.put("image", service.image());
        view.put("desiredCount", service.desiredCount());
        view.put("runningCount", tasks.stream().filter(t -> "HEALTHY".equals(targetStates.get(t.id()))).count());
        view.put("restarts", registration.restarts(service.name()));
        view.put("tasks", tasks.stream().map(task -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", task.id());
            t.put("pid", task.pid());
            t.put("port", task.port());
            t.put("state", task.state().name());
            t.put("health", targetStates.getOrDefault(task.id(), "UNREGISTERED"));
            t.put("startedAt", task.startedAt().toString());
            t.put("log", task.log().toString());
            return t;
        }).toList());
        return view;
    }

    private static Map<String, Object> event(Event event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("time", event.time().toString());
        view.put("actor", event.actor());
        view.put("type", event.type().code());
        view.put("message", event.message());
        return view;
    }
}
