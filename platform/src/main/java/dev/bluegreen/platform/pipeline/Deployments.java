package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The runtime as the pipeline releases through it: puts a build on the test side, promotes it (at full size) at once
 * or in steps, rolls it back, says how production does, and idles the side production left.
 */
public interface Deployments {

    /** What each side of production answered while traffic shifts. */
    record Sides(BakePolicy.Sample newSide, BakePolicy.Sample oldSide) {
    }

    Outcome deploy(String tag, String actor, BooleanSupplier cancelled) throws InterruptedException;

    /** Flips so that the build {@code tag} serves production; done already if it does. */
    Outcome promote(String tag, String actor);

    /**
     * Sends {@code percent} of production to the build {@code tag} on the test side: one step of a canary or linear
     * release; 100 is the promotion (a flip). Done already if it has that share.
     */
    Outcome shift(String tag, int percent, String actor);

    /** The share of production's requests, 0 to 100, that the build {@code tag} serves now. */
    int share(String tag);

    /**
     * Undoes the last flip or, while traffic shifts, sends all of production back to the old side.
     *
     * @param reason why (an automatic rollback's breach), or null for a person's
     */
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

    /**
     * Starts watching both sides of production while traffic shifts, the new build's (the test side) and the old
     * one's: each call of the supplier says what each answered since then.
     */
    Supplier<Sides> watchSides();
}
