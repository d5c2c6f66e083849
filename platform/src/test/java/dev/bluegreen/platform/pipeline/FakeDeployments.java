package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A runtime whose deploys, flips and rollbacks succeed unless told otherwise; production is as healthy as told. */
final class FakeDeployments implements Deployments {

    static final BakePolicy.Sample HEALTHY = new BakePolicy.Sample(100, 0, Duration.ofMillis(20));

    final List<String> deployed = new CopyOnWriteArrayList<>();
    final List<String> promoted = new CopyOnWriteArrayList<>();
    final List<String> rollbacks = new CopyOnWriteArrayList<>();
    final List<String> idled = new CopyOnWriteArrayList<>();
    final List<String> readied = new CopyOnWriteArrayList<>();
    private final Queue<Gate> holds = new ConcurrentLinkedQueue<>();
    private final Queue<Gate> promoteHolds = new ConcurrentLinkedQueue<>();
    volatile Outcome deployFailure;
    volatile Outcome rollbackFailure;
    volatile Supplier<BakePolicy.Sample> production = () -> HEALTHY;
    /** Each shift asked for: "tag percent". */
    final List<String> shifts = new CopyOnWriteArrayList<>();
    /** The share of production the build under release has: what shifts, flips and rollbacks leave. */
    volatile int share;
    /** What both sides answer during each step. */
    volatile Supplier<Sides> sides = () -> new Sides(HEALTHY, HEALTHY);
    volatile Outcome shiftFailure;

    /** The next deploy waits at this gate. */
    Gate holdNext() {
        Gate gate = new Gate();
        holds.add(gate);
        return gate;
    }

    /** The next flip waits at this gate. */
    Gate holdNextPromote() {
        Gate gate = new Gate();
        promoteHolds.add(gate);
        return gate;
    }

    @Override
    public Outcome deploy(String tag, String actor, BooleanSupplier cancelled) throws InterruptedException {
        Gate gate = holds.poll();
        if (gate != null && !gate.pass(cancelled)) {
            return Outcome.failed("deploy cancelled");
        }
        deployed.add(tag);
        return deployFailure != null ? deployFailure : Outcome.done(tag + " deployed to the test side");
    }

    @Override
    public Outcome promote(String tag, String actor) {
        Gate gate = promoteHolds.poll();
        try {
            if (gate != null) {
                gate.pass(() -> false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        }
        promoted.add(tag);
        share = 100;
        return Outcome.done("production now on " + tag);
    }

    @Override
    public Outcome shift(String tag, int percent, String actor) {
        if (shiftFailure != null) {
            return shiftFailure;
        }
        shifts.add(tag + " " + percent);
        share = percent;
        return Outcome.done("shift: " + percent + " % of production on " + tag);
    }

    @Override
    public int share(String tag) {
        return share;
    }

    @Override
    public Outcome rollback(String actor, String reason) {
        rollbacks.add(reason == null ? "by " + actor : reason);
        if (rollbackFailure != null) {
            return rollbackFailure;
        }
        share = 0;
        return Outcome.done("rolled back" + (reason == null ? "" : " (because " + reason + ")"));
    }

    @Override
    public Outcome ready(String actor) {
        readied.add(actor);
        return Outcome.done("web-green: 1 -> 2 task(s), production's count, ready for the review's approval");
    }

    @Override
    public Outcome idle(String actor) {
        idled.add(actor);
        return Outcome.done("web-blue: 2 -> 1 task(s), idle now that production left it");
    }

    @Override
    public Supplier<BakePolicy.Sample> watchProduction() {
        return production;
    }

    @Override
    public Supplier<Sides> watchSides() {
        return sides;
    }
}
