package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import java.time.Clock;
import java.util.Optional;

/**
 * What the state holds before anything starts: on a first start, the seed's layout (prod on blue, test on green,
 * both sides and the API running the given version; production at the production count of web tasks, the test side
 * at the idle count); at a restart, the stored state, with the task counts given on the command line replacing the
 * stored ones, as a scale would. The counts given are kept, for the rule to use ({@link #counts}).
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

    /** The counts given now, else the ones given before (kept in the state), else the defaults. */
    static TaskCounts counts(PlatformStore store, PlatformConfig config) {
        TaskCounts defaults = TaskCounts.defaults();
        return new TaskCounts(count(config.prodTasks(), store.setting(PROD_TASKS), defaults.production()),
                count(config.idleTasks(), store.setting(IDLE_TASKS), defaults.idle()));
    }

    private static int count(Integer given, Optional<String> kept, int otherwise) {
        return given != null ? given : kept.map(Integer::parseInt).orElse(otherwise);
    }

    private static void applyRequestedCounts(PlatformStore store, PlatformConfig config, Clock clock) {
        String production = store.routing().forwardsTo(Topology.PROD).orElse(null);
        for (ServiceRecord service : store.services()) {
            Integer requested = !Topology.isWeb(service) ? config.apiTasks()
                    : service.targetGroup().equals(production) ? config.prodTasks() : config.idleTasks();
            if (requested != null && requested != service.desiredCount()) {
                store.saveService(service.withDesiredCount(requested), Event.of(clock.instant(), "platform",
                        EventType.SCALE, service.name(), service.desiredCount(), requested, ", as given at start"));
            }
        }
    }
}
