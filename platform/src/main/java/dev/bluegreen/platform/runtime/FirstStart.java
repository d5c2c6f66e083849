package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import java.time.Clock;

/**
 * What the state holds before anything starts: on a first start, the seed's layout (prod on blue, test on green,
 * both sides and the API running the given version); at a restart, the stored state, with the task counts given
 * on the command line replacing the stored ones, as a scale would.
 */
final class FirstStart {

    private FirstStart() {
    }

    /** @return true when this was the first start (the state was empty) */
    static boolean seedOrUpdate(PlatformStore store, PlatformConfig config, Clock clock) {
        if (!store.isEmpty()) {
            applyRequestedCounts(store, config, clock);
            return false;
        }
        int web = config.webTasks() == null ? PlatformConfig.DEFAULT_WEB_TASKS : config.webTasks();
        int api = config.apiTasks() == null ? PlatformConfig.DEFAULT_API_TASKS : config.apiTasks();
        Routing routing = Topology.initialRouting(config.image());
        store.saveRouting(routing, Event.of(clock.instant(), "platform", EventType.CREATED, Topology.BLUE,
                routing.tags(Topology.BLUE).identifier().orElseThrow(), Topology.GREEN,
                routing.tags(Topology.GREEN).identifier().orElseThrow(), config.image()));
        for (ServiceRecord service : Topology.initialServices(config.image(), web, api)) {
            store.saveService(service, Event.of(clock.instant(), "platform", EventType.SERVICE_CREATED,
                    service.name(), service.desiredCount(), service.image(), service.targetGroup()));
        }
        return true;
    }

    private static void applyRequestedCounts(PlatformStore store, PlatformConfig config, Clock clock) {
        for (ServiceRecord service : store.services()) {
            Integer requested = Topology.isWeb(service) ? config.webTasks() : config.apiTasks();
            if (requested != null && requested != service.desiredCount()) {
                store.saveService(service.withDesiredCount(requested), Event.of(clock.instant(), "platform",
                        EventType.SCALE, service.name(), service.desiredCount(), requested, ", as given at start"));
            }
        }
    }
}
