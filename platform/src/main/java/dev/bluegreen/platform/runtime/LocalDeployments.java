package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.platform.pipeline.Deployments;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The local runtime as the pipeline releases through it: deploys to the test side, health-gated; promotes and
 * rolls back through the same {@link Flipper} as a person's flip (at full size); watches production through the
 * load balancer's own counters; idles the side production left.
 */
final class LocalDeployments implements Deployments {

    private final TestSideDeployer deployer;
    private final LocalCapacity capacity;
    private final Flipper flipper;
    private final Duration deployTimeout;
    private final Supplier<Supplier<BakePolicy.Sample>> production;

    /** @param production starts watching what production answers from now on */
    LocalDeployments(TestSideDeployer deployer, LocalCapacity capacity, Flipper flipper, Duration deployTimeout,
                     Supplier<Supplier<BakePolicy.Sample>> production) {
        this.deployer = deployer;
        this.capacity = capacity;
        this.flipper = flipper;
        this.deployTimeout = deployTimeout;
        this.production = production;
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
    public Outcome rollback(String actor, String reason) {
        Outcome outcome = flipper.rollback(Flipper.Request.by(actor));
        return outcome.withMessage(outcome.message() + " (because " + reason + ")");
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
        return production.get();
    }
}
