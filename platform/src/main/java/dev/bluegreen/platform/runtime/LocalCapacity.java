package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.platform.lb.TargetGroup;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import dev.bluegreen.platform.tasks.Supervisor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How many tasks the local services run: every change of a count (a person's scale, a side scaled up before
 * production moves to it, a side idled after the bake) is the state's new desired count with its event, then the
 * supervisor's; a scale-up waits, at most {@code wait}, for the target group to have that many healthy targets.
 */
final class LocalCapacity implements Capacity {

    private static final long POLL_MS = 50;

    private final PlatformStore store;
    private final Map<String, TargetGroup> groups;
    private final Supervisor supervisor;
    private final EventLog events;
    private final TaskCounts counts;
    private final Duration wait;
    private final Clock clock;

    /** @param wait how long a side may take to be healthy at its new count before production moves to it */
    LocalCapacity(PlatformStore store, Map<String, TargetGroup> groups, Supervisor supervisor, EventLog events,
                  TaskCounts counts, Duration wait, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.supervisor = supervisor;
        this.events = events;
        this.counts = counts;
        this.wait = wait;
        this.clock = clock;
    }

    TaskCounts counts() {
        return counts;
    }

    @Override
    public int desiredTasks(String group) {
        return Topology.serviceOf(store, group).desiredCount();
    }

    @Override
    public Scaled scaleUp(String group, int count, String actor) {
        ServiceRecord service = Topology.serviceOf(store, group);
        if (service.desiredCount() < count) {
            scale(service, count, actor, ", production's count, before production moves to it");
        }
        return new Scaled(count, awaitHealthy(group, count), service.desiredCount());
    }

    @Override
    public void restore(String group, int count, String actor) {
        ServiceRecord service = Topology.serviceOf(store, group);
        if (service.desiredCount() > count) {
            scale(service, count, actor, ", as it was: production did not move to it");
        }
    }

    /** While a build waits for review: the test side at production's count (never down), not waited for. */
    Outcome readyTestSide(String actor) {
        Routing routing = store.routing();
        ServiceRecord prod = Topology.serviceOf(store, routing.forwardsTo(Topology.PROD).orElseThrow());
        ServiceRecord test = Topology.serviceOf(store, routing.forwardsTo(Topology.TEST).orElseThrow());
        int wanted = TaskCounts.toPromote(prod.desiredCount(), test.desiredCount());
        if (wanted == test.desiredCount()) {
            return Outcome.done(test.name() + " already runs " + wanted + " task(s)");
        }
        return scale(test, wanted, actor, ", production's count, ready for the review's approval");
    }

    /** After the bake, or a rejected review: the test side at the idle count (never up). */
    Outcome idleTestSide(String actor) {
        String test = store.routing().forwardsTo(Topology.TEST).orElseThrow();
        ServiceRecord service = Topology.serviceOf(store, test);
        int idle = counts.afterBake(service.desiredCount());
        if (idle == service.desiredCount()) {
            return Outcome.done(service.name() + " idles at " + idle + " task(s)");
        }
        return scale(service, idle, actor, ", idle now that production left it");
    }

    /** Sets a service's count, recorded; {@code why} ends the event's sentence. */
    synchronized Outcome scale(ServiceRecord record, int count, String actor, String why) {
        ServiceRecord now = store.service(record.name()).orElse(record);
        if (now.desiredCount() == count) {
            return Outcome.done(now.name() + " already runs " + count + " task(s)");
        }
        Event event = Event.of(clock.instant(), actor, EventType.SCALE, now.name(), now.desiredCount(), count, why);
        store.saveService(now.withDesiredCount(count), event);
        supervisor.scale(Revisions.key(now), count);
        events.print(event);
        return Outcome.done(event.message());
    }

    /** How many of the group's targets are healthy once {@code count} are, or the wait ran out. */
    private int awaitHealthy(String group, int count) {
        Instant deadline = clock.instant().plus(wait);
        int healthy = groups.get(group).healthy().size();
        while (healthy < count && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            healthy = groups.get(group).healthy().size();
        }
        return healthy;
    }
}
