package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.DeployPlanner;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Tags;
import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.platform.lb.TargetGroup;
import dev.bluegreen.platform.lb.TargetState;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import dev.bluegreen.platform.tasks.Supervisor;
import dev.bluegreen.platform.tasks.TaskDefinition;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The seed's Deploy stage, health-gated: a new build goes to the side that is not in production (the core's
 * Code1/Code2 decision), at production's count ({@link TaskCounts#forDeploy}); its tasks start beside the side's current
 * ones; only when all of them pass the target group's health checks does the side's Image tag change and the old
 * tasks drain and stop. Tasks that never turn healthy are stopped and the side keeps what it had: production is
 * never touched.
 */
final class TestSideDeployer {

    private static final long POLL_MS = 100;
    private static final Duration OLD_TASKS_STOP = Duration.ofSeconds(60);

    private final PlatformStore store;
    private final Map<String, TargetGroup> groups;
    private final Supervisor supervisor;
    private final TaskDefinitions definitions;
    private final URI apiListener;
    private final BlueGreenPair pair;
    private final Clock clock;
    private final Deploying deploying;

    TestSideDeployer(PlatformStore store, Map<String, TargetGroup> groups, Supervisor supervisor,
                     TaskDefinitions definitions, URI apiListener, BlueGreenPair pair, Deploying deploying,
                     Clock clock) {
        this.deploying = deploying;
        this.store = store;
        this.groups = groups;
        this.supervisor = supervisor;
        this.definitions = definitions;
        this.apiListener = apiListener;
        this.pair = pair;
        this.clock = clock;
    }

    /**
     * Deploys {@code image} to the test side and waits (at most {@code healthyWithin}) for it to be healthy.
     *
     * @param cancelled asked while waiting: a superseded deployment stops early, leaving the side as it was
     */
    Outcome deploy(String image, String actor, Duration healthyWithin, BooleanSupplier cancelled)
            throws InterruptedException {
        deploying.begin(image);
        try {
            return deployHealthy(image, actor, healthyWithin, cancelled);
        } finally {
            deploying.end();
        }
    }

    private Outcome deployHealthy(String image, String actor, Duration healthyWithin, BooleanSupplier cancelled)
            throws InterruptedException {
        Routing routing = store.routing();
        DeployPlanner.DeployPlan plan = DeployPlanner.plan(routing, pair, image);
        String group = plan.newBuildGroup();
        ServiceRecord service = Topology.serviceOf(store, group);
        String live = routing.forwardsTo(pair.production()).orElseThrow();
        int wanted = TaskCounts.forDeploy(Topology.serviceOf(store, live).desiredCount());
        ServiceRecord next = service.withImage(image).withDesiredCount(wanted);
        String oldKey = Revisions.key(service);
        String newKey = Revisions.key(next);
        if (oldKey.equals(newKey)) {
            return Outcome.done(group + " already runs " + image);
        }
        TaskDefinition definition = definitions.forService(next, apiListener);
        supervisor.run(newKey, definition, wanted);

        Instant deadline = clock.instant().plus(healthyWithin);
        int healthy = healthyTasks(group, newKey);
        while (healthy < wanted) {
            if (cancelled.getAsBoolean() || clock.instant().isAfter(deadline)) {
                supervisor.stop(newKey).toCompletableFuture().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
                String why = cancelled.getAsBoolean() ? "cancelled" : healthy + " of " + wanted + " task(s) of "
                        + image + " passed the health checks of target group " + group + " within "
                        + healthyWithin.toSeconds() + " s; " + group + " keeps " + service.image() + " (see "
                        + "'bluegreen logs " + service.name() + "')";
                return Outcome.failed(why);
            }
            Thread.sleep(POLL_MS);
            healthy = healthyTasks(group, newKey);
        }

        Routing deployed = routing.withTag(group, Tags.IMAGE, image);
        Event event = Event.of(clock.instant(), actor, EventType.DEPLOY, image, group, service.name(), wanted,
                routing.forwardsTo(pair.production()).orElse("?"));
        store.saveDeployment(deployed, next, event);
        // the old revision drains (no new requests, those in flight finish) and stops
        supervisor.stop(oldKey).toCompletableFuture().completeOnTimeout(null, OLD_TASKS_STOP.toSeconds(),
                TimeUnit.SECONDS).join();
        return Outcome.done(event.message());
    }

    private int healthyTasks(String group, String revision) {
        return (int) groups.get(group).describe().stream()
                .filter(h -> h.target().id().startsWith(revision + "-") && h.state() == TargetState.HEALTHY).count();
    }
}
