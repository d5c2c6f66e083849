package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * What the state holds before anything starts: on a first start, the seed's layout (prod on blue, test on green,
 * both sides and the API running the given version; production at the production count of web tasks, the test side
 * at the idle count); at a restart, the stored state, with the task counts given on the command line replacing the
 * stored ones, as a scale would (a side that takes a share of production while traffic shifts counts as
 * production). The counts given are kept, for the rule to use ({@link #counts}).
 */
final class FirstStart {

    private static final String PROD_TASKS = "prod-tasks";
    private static final String IDLE_TASKS = "idle-tasks";

    private FirstStart() {
    }

    /** @return true when this was the first start (the state was empty) */
    static boolean seedOrUpdate(PlatformStore store, PlatformConfig config, Clock clock) {
        TaskCounts counts = counts(store, config);
        store.saveSetting(PROD_TASKS, Integer.toString(counts.production()));
        store.saveSetting(IDLE_TASKS, Integer.toString(counts.idle()));
        if (!store.isEmpty()) {
            applyRequestedCounts(store, config, clock);
            return false;
        }
        int api = config.apiTasks() == null ? PlatformConfig.DEFAULT_API_TASKS : config.apiTasks();
        Routing routing = Topology.initialRouting(config.image());
        store.saveRouting(routing, Event.of(clock.instant(), "platform", EventType.CREATED, Topology.BLUE,
                routing.tags(Topology.BLUE).identifier().orElseThrow(), Topology.GREEN,
                routing.tags(Topology.GREEN).identifier().orElseThrow(), config.image()));
        for (ServiceRecord service : Topology.initialServices(config.image(), counts, api)) {
            store.saveService(service, Event.of(clock.instant(), "platform", EventType.SERVICE_CREATED,
                    service.name(), service.desiredCount(), service.image(), service.targetGroup()));
        }
        return true;
    }

    /** The counts given now, else the ones the state keeps. */
    static TaskCounts counts(PlatformStore store, PlatformConfig config) {
        TaskCounts kept = kept(store);
        return new TaskCounts(config.prodTasks() != null ? config.prodTasks() : kept.production(),
                config.idleTasks() != null ? config.idleTasks() : kept.idle());
    }

    /**
     * The counts given before; for a state from before they were kept, what the sides run (so an upgrade changes no
     * count); for no state yet, the defaults.
     */
    private static TaskCounts kept(PlatformStore store) {
        Optional<String> production = store.setting(PROD_TASKS);
        Optional<String> idle = store.setting(IDLE_TASKS);
        if (production.isPresent() && idle.isPresent()) {
            return new TaskCounts(Integer.parseInt(production.get()), Integer.parseInt(idle.get()));
        }
        if (store.isEmpty()) {
            return TaskCounts.defaults();
        }
        Routing routing = store.routing();
        return new TaskCounts(runs(store, routing.forwardsTo(Topology.PROD)), runs(store,
                routing.forwardsTo(Topology.TEST)));
    }

    private static int runs(PlatformStore store, Optional<String> group) {
        return group.map(name -> Math.max(1, Topology.serviceOf(store, name).desiredCount()))
                .orElse(TaskCounts.defaults().idle());
    }

    private static void applyRequestedCounts(PlatformStore store, PlatformConfig config, Clock clock) {
        // while traffic shifts, both sides serve production: the one it may move to wholly at any moment too
        Set<String> production = store.routing().weights(Topology.PROD).keySet();
        for (ServiceRecord service : store.services()) {
            Integer requested = !Topology.isWeb(service) ? config.apiTasks()
                    : production.contains(service.targetGroup()) ? config.prodTasks() : config.idleTasks();
            if (requested != null && requested != service.desiredCount()) {
                store.saveService(service.withDesiredCount(requested), Event.of(clock.instant(), "platform",
                        EventType.SCALE, service.name(), service.desiredCount(), requested, ", as given at start"));
            }
        }
    }
}
