package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The runtime as the pipeline releases through it: puts a build on the test side, promotes it (at full size), rolls
 * it back, says how production does, and idles the side production left.
 */
public interface Deployments {

    Outcome deploy(String tag, String actor, BooleanSupplier cancelled) throws InterruptedException;

    /** Flips so that the build {@code tag} serves production; done already if it does. */
    Outcome promote(String tag, String actor);

    Outcome rollback(String actor, String reason);

    /**
     * While a build waits for review: the test side at production's count, so that an approval moves production
     * at once instead of waiting for tasks to start.
     */
    Outcome ready(String actor);

    /** After the bake, or a rejected review: the test side goes back to the idle count. */
    Outcome idle(String actor);

    /** Starts watching production: each call of the supplier says what it answered since then. */
    Supplier<BakePolicy.Sample> watchProduction();
}
