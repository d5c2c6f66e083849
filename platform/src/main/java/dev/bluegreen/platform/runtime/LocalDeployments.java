package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.platform.pipeline.Deployments;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The local runtime as the pipeline releases through it: deploys to the test side, health-gated; promotes, shifts
 * and rolls back through the same {@link Flipper} as a person's flip (at full size); watches the sides through the
 * load balancer's own counters; idles the side production left.
 */
final class LocalDeployments implements Deployments {

    private final TestSideDeployer deployer;
    private final LocalCapacity capacity;
    private final Flipper flipper;
    private final Duration deployTimeout;
    private final Supplier<Routing> routing;
    private final Function<String, Supplier<BakePolicy.Sample>> watch;

    /**
     * @param routing what is live now
     * @param watch   starts watching what a target group answers from now on
     */
    LocalDeployments(TestSideDeployer deployer, LocalCapacity capacity, Flipper flipper, Duration deployTimeout,
                     Supplier<Routing> routing, Function<String, Supplier<BakePolicy.Sample>> watch) {
        this.deployer = deployer;
        this.capacity = capacity;
        this.flipper = flipper;
        this.deployTimeout = deployTimeout;
        this.routing = routing;
        this.watch = watch;
    }

    @Override
    public Outcome deploy(String tag, String actor, BooleanSupplier cancelled) throws InterruptedException {
        return deployer.deploy(tag, actor, deployTimeout, cancelled);
    }

    @Override
    public Outcome promote(String tag, String actor) {
        return flipper.promote(tag, Flipper.Request.by(actor));
    }

    @Override
    public Outcome shift(String tag, int percent, String actor) {
        return flipper.shift(tag, percent, Flipper.Request.by(actor));
    }

    @Override
    public int share(String tag) {
        Routing now = routing.get();
        return now.weights(Topology.PROD).entrySet().stream()
                .filter(weight -> now.tags(weight.getKey()).image().filter(tag::equals).isPresent())
                .mapToInt(Map.Entry::getValue).sum();
    }

    @Override
    public Outcome rollback(String actor, String reason) {
        Outcome outcome = flipper.rollback(Flipper.Request.by(actor));
        return reason == null ? outcome : outcome.withMessage(outcome.message() + " (because " + reason + ")");
    }

    @Override
    public Outcome ready(String actor) {
        return capacity.readyTestSide(actor);
    }

    @Override
    public Outcome idle(String actor) {
        return capacity.idleTestSide(actor);
    }

    @Override
    public Supplier<BakePolicy.Sample> watchProduction() {
        return watch.apply(routing.get().forwardsTo(Topology.PROD).orElseThrow());
    }

    @Override
    public Supplier<Sides> watchSides() {
        Routing now = routing.get();
        Supplier<BakePolicy.Sample> newSide = watch.apply(now.forwardsTo(Topology.TEST).orElseThrow());
        Supplier<BakePolicy.Sample> oldSide = watch.apply(now.forwardsTo(Topology.PROD).orElseThrow());
        return () -> new Sides(newSide.get(), oldSide.get());
    }
}
