package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.platform.bluegreen.BlueGreen;
import dev.bluegreen.platform.pipeline.PipelinePorts;
import dev.bluegreen.platform.pipeline.PipelinePorts.StepResult;
import dev.bluegreen.platform.state.PlatformStore;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The runtime as the pipeline sees it. Promotion is bound to the build's tag, not to "whatever test runs": if a
 * person flipped by hand meanwhile, promoting a build that is already live does nothing, and one that is no longer
 * on the test side is refused rather than flipping something nobody approved.
 */
final class PipelineRuntime implements PipelinePorts.Runtime {

    private final PlatformStore store;
    private final Deployer deployer;
    private final BlueGreen blueGreen;
    private final BlueGreenPair pair;
    private final Duration deployTimeout;
    private final Supplier<Supplier<BakePolicy.Sample>> production;
    private volatile String deploying;

    PipelineRuntime(PlatformStore store, Deployer deployer, BlueGreen blueGreen, BlueGreenPair pair,
                    Duration deployTimeout, Supplier<Supplier<BakePolicy.Sample>> production) {
        this.store = store;
        this.deployer = deployer;
        this.blueGreen = blueGreen;
        this.pair = pair;
        this.deployTimeout = deployTimeout;
        this.production = production;
    }

    /** The tag being deployed to the test side now, if any: a flip then would promote a half-replaced side. */
    String deploying() {
        return deploying;
    }

    @Override
    public StepResult deploy(String tag, String actor, BooleanSupplier cancelled) throws InterruptedException {
        deploying = tag;
        try {
            Deployer.Result result = deployer.deploy(tag, actor, deployTimeout, cancelled);
            return new StepResult(result.deployed(), result.message());
        } finally {
            deploying = null;
        }
    }

    @Override
    public StepResult promote(String tag, String actor) {
        Routing routing = store.routing();
        String prod = routing.forwardsTo(pair.production()).orElse(null);
        String test = routing.forwardsTo(pair.test()).orElse(null);
        if (prod != null && routing.tags(prod).image().filter(tag::equals).isPresent()) {
            return StepResult.ok(tag + " already serves production (" + prod + ")");
        }
        if (test == null || routing.tags(test).image().filter(tag::equals).isEmpty()) {
            return StepResult.failed("build " + tag + " is no longer on the test side (" + test + " runs "
                    + (test == null ? "nothing" : routing.tags(test).image().orElse("?")) + "); nothing flipped");
        }
        BlueGreen.Outcome outcome = blueGreen.flip(actor);
        return new StepResult(outcome.done(), outcome.message());
    }

    @Override
    public StepResult rollback(String actor, String reason) {
        BlueGreen.Outcome outcome = blueGreen.rollback(actor);
        return new StepResult(outcome.done(), outcome.message() + " (because " + reason + ")");
    }

    @Override
    public Supplier<BakePolicy.Sample> watchProduction() {
        return production.get();
    }
}
