package dev.bluegreen.core.routing;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Flips and rollbacks carried out the same way on every runtime, over a {@link TrafficSwitch}: read what is live,
 * decide with the planners, then refuse (recorded) or carry out — remembered first, traffic second — finishing once
 * what a failed call left halfway, and reporting success only for what the switch reads back. One at a time.
 *
 * <p>At full size ({@link TaskCounts}): before production moves to a side, the {@link Capacity} scales that side to
 * what production runs and waits for it to be healthy; a side that does not get there in time is refused, and put
 * back as it was. The decision is then taken again on what is live after the wait.
 */
public final class Flipper {

    /** The details of every outcome: where production and test are (or stayed), and whether anything changed. */
    public static final String PROD = "prod";
    public static final String PROD_IMAGE = "prodImage";
    public static final String TEST = "test";
    public static final String TEST_IMAGE = "testImage";
    /** The percent of production's requests the test side takes while a release shifts traffic (0 otherwise). */
    public static final String SHIFTED = "shifted";
    public static final String CHANGED = "changed";

    /**
     * Who asks: a person ({@code requestId} null), or a request that may be delivered twice (a pipeline job, by
     * its id), which must then flip once.
     */
    public record Request(String actor, String requestId) {
        public Request {
            Objects.requireNonNull(actor, "actor");
        }

        public static Request by(String actor) {
            return new Request(actor, null);
        }
    }

    private enum Kind {
        FLIP("flip", "flip", EventType.FLIP, EventType.FLIP_REFUSED),
        ROLLBACK("rollback", "roll back", EventType.ROLLBACK, EventType.ROLLBACK_REFUSED),
        SHIFT("shift", "shift traffic", EventType.SHIFT, EventType.SHIFT_REFUSED);

        final String noun;
        final String verb;
        final EventType done;
        final EventType refused;

        Kind(String noun, String verb, EventType done, EventType refused) {
            this.noun = noun;
            this.verb = verb;
            this.done = done;
            this.refused = refused;
        }
    }

    private final TrafficSwitch traffic;
    private final BlueGreenPair pair;
    private final Clock clock;
    private final Capacity capacity;

    /** Promotes sides at whatever size they run ({@link Capacity#AS_IS}). */
    public Flipper(TrafficSwitch traffic, BlueGreenPair pair, Clock clock) {
        this(traffic, pair, clock, Capacity.AS_IS);
    }

    public Flipper(TrafficSwitch traffic, BlueGreenPair pair, Clock clock, Capacity capacity) {
        this.traffic = traffic;
        this.pair = pair;
        this.clock = clock;
        this.capacity = capacity;
    }

    /** Swaps production and test: the seed's {@code blue_green_flip.py}. */
    public synchronized Outcome flip(Request request) {
        return carryOut(Kind.FLIP, request, before -> whileNotDeploying(Kind.FLIP).orElseGet(() ->
                FlipPlanner.flip(before, pair, traffic::hasHealthyTarget, requestedOn(request))));
    }

    /** Flips so that build {@code image} serves production: nothing to do if it does, refused if it is not on test. */
    public synchronized Outcome promote(String image, Request request) {
        return carryOut(Kind.FLIP, request, before -> promotion(before, image, request));
    }

    /** A side to bring to full size before production moves to it: its target group, and the healthy tasks it needs. */
    public record FullSize(String group, int tasks) {
    }

    /**
     * What promoting {@code image} needs first: the side production would move to, scaled to what production runs
     * ({@link TaskCounts#toPromote}); empty when production would not move (a refusal, nothing to do, the rest of a
     * flip that moved it already) or sides are promoted as they are. For a runtime that cannot wait in one call (a
     * Lambda): it scales the side up and waits across calls, then {@link #promote}s, which finds the side ready.
     */
    public synchronized Optional<FullSize> fullSizeToPromote(String image, Request request) {
        Routing before = traffic.routing();
        return fullSize(before, promotion(before, image, request));
    }

    private Decision promotion(Routing before, String image, Request request) {
        return whileNotDeploying(Kind.FLIP).orElseGet(() ->
                PromotionPlanner.promote(before, pair, image, traffic::hasHealthyTarget, requestedOn(request)));
    }

    /**
     * Sends {@code percent} of production to the test side, which must run build {@code image}: one step of a canary
     * or linear release ({@link ShiftPlanner}); 100 promotes it. The first step brings the side to full size, as a
     * flip does: from then on it may take all of production at any moment.
     */
    public synchronized Outcome shift(String image, int percent, Request request) {
        return carryOut(percent == 100 ? Kind.FLIP : Kind.SHIFT, request, before -> whileNotDeploying(Kind.SHIFT)
                .orElseGet(() -> ShiftPlanner.shift(before, pair, image, percent, traffic::hasHealthyTarget)));
    }

    /**
     * Undoes the last flip while the side it demoted still runs what production ran before; while traffic shifts,
     * sends all of production back to the side it never left instead.
     */
    public synchronized Outcome rollback(Request request) {
        return carryOut(Kind.ROLLBACK, request, before -> whileNotDeploying(Kind.ROLLBACK).orElseGet(() ->
                RollbackPlanner.rollback(before, pair, traffic.lastFlip().orElse(null), traffic::hasHealthyTarget)));
    }

    /**
     * Whether a rollback would be carried out now: done with the side it would promote ("blue (v1)"), or why not. Not
     * one at a time with flips: status asks it, and must not wait while a flip waits for a side to scale up.
     */
    public Outcome rollbackPreview() {
        Routing current = traffic.routing();
        Decision decision = RollbackPlanner.rollback(current, pair, traffic.lastFlip().orElse(null),
                traffic::hasHealthyTarget);
        return decision instanceof Decision.Proceed proceed ? Outcome.done(side(current, proceed.promoted()))
                : Outcome.refused(((Decision.Refused) decision).message());
    }

    /** A request delivered again finds its own flip remembered: production was then where that flip demoted. */
    private String requestedOn(Request request) {
        return traffic.lastFlip().filter(last -> last.answers(request.requestId())).map(LastFlip::demoted)
                .orElse(null);
    }

    /** While a build replaces the test side's tasks, promoting that side would promote half of it. */
    private Optional<Decision> whileNotDeploying(Kind kind) {
        return traffic.deploying().map(tag -> Decision.refused(Reason.DEPLOYING, tag, kind.verb));
    }

    /** A decision and the routing it was taken on. */
    private record Decided(Routing before, Decision decision) {
    }

    private Outcome carryOut(Kind kind, Request request, Function<Routing, Decision> decide) {
        Routing before = traffic.routing();
        Decided decided = atFullSize(new Decided(before, decide.apply(before)), decide, request.actor());
        return carryOut(kind, request, decided.before(), decided.decision());
    }

    /**
     * Before production moves to a side, the side is scaled up to production's count; refused (and scaled back)
     * when it cannot get there in time, else decided again on what is live after the wait.
     */
    private Decided atFullSize(Decided first, Function<Routing, Decision> decide, String actor) {
        Optional<FullSize> needed = fullSize(first.before(), first.decision());
        if (needed.isEmpty()) {
            return first; // as it was before sides had sizes: nothing more is read from the load balancer
        }
        Decision.Proceed plan = (Decision.Proceed) first.decision();
        String production = first.before().forwardsTo(pair.production()).orElseThrow();
        int wanted = needed.get().tasks();
        Capacity.Scaled scaled = capacity.scaleUp(plan.promoted(), wanted, actor);
        if (!scaled.reached()) {
            capacity.restore(plan.promoted(), scaled.before(), actor);
            return new Decided(first.before(), Decision.refused(Reason.NOT_AT_FULL_SIZE, plan.promoted(),
                    scaled.healthy(), scaled.wanted(), production));
        }
        Routing now = traffic.routing();
        Decision again = decide.apply(now);
        if (again instanceof Decision.Proceed proceed && proceed.promoted().equals(plan.promoted())) {
            return new Decided(now, again);
        }
        capacity.restore(plan.promoted(), scaled.before(), actor);
        return new Decided(now, again instanceof Decision.Refused ? again
                : Decision.refused(Reason.MOVED_MEANWHILE, plan.promoted()));
    }

    /** The side a decision moves production to, at production's count; empty when production does not move. */
    private Optional<FullSize> fullSize(Routing before, Decision decision) {
        if (capacity == Capacity.AS_IS || !(decision instanceof Decision.Proceed plan)
                || !movesProduction(before, plan)) {
            return Optional.empty();
        }
        String production = before.forwardsTo(pair.production()).orElseThrow();
        return Optional.of(new FullSize(plan.promoted(), TaskCounts.toPromote(capacity.desiredTasks(production),
                capacity.desiredTasks(plan.promoted()))));
    }

    /** Production moves to another side (not only the rest of a flip that already moved it). */
    private boolean movesProduction(Routing before, Decision.Proceed plan) {
        return !plan.alreadyDone() && before.forwardsTo(pair.production()).filter(plan.promoted()::equals).isEmpty();
    }

    private Outcome carryOut(Kind kind, Request request, Routing before, Decision decision) {
        if (decision instanceof Decision.Refused refused) {
            traffic.record(Event.of(clock.instant(), request.actor(), kind.refused, refused.message()));
            return sides(Outcome.refused(refused.message()), before, false);
        }
        Decision.Proceed plan = (Decision.Proceed) decision;
        if (plan.alreadyDone()) {
            String already = before.split(pair.production())
                    .map(split -> split.percent() + " % of production is already on " + side(before, split.group()))
                    .orElseGet(() -> "production is already on " + side(before, plan.promoted()));
            return sides(Outcome.done(kind.noun + ": nothing to do, " + already), before, false);
        }
        // a shift step is no flip: the last flip stays what a rollback after the release would undo
        LastFlip remember = plan.onlyShifts() ? null : LastFlip.of(before, plan, request.requestId());
        Event event = kind == Kind.SHIFT ? shiftEvent(request, before, plan)
                : Event.of(clock.instant(), request.actor(), kind.done, plan.promoted(),
                image(before, plan.promoted()), plan.demoted(), image(before, plan.demoted()));
        try {
            traffic.apply(plan, remember, event);
        } catch (RuntimeException stoppedPartWay) {
            finish(kind, plan, remember, event);
        }
        Routing after = traffic.routing();
        verify(kind, plan, after);
        return sides(Outcome.done(event.message()), after, true);
    }

    /**
     * A call failed, perhaps after some steps took effect: read the load balancer again and apply what is still
     * missing towards the same target, once, so that it is not left with both listeners on one group. The
     * decision is not taken again: a rollback half done is finished as a rollback.
     */
    private void finish(Kind kind, Decision.Proceed plan, LastFlip remember, Event event) {
        try {
            Routing now = traffic.routing();
            Decision.Proceed rest = plan.onlyShifts() ? remaining(now, plan)
                    : FlipPlanner.towards(now, pair, plan.promoted(), plan.demoted());
            if (!rest.alreadyDone()) {
                traffic.apply(rest, remember, event);
            }
        } catch (RuntimeException failedAgain) {
            throw new FlipNotFinished(kind.noun + " did not finish: " + failedAgain.getMessage()
                    + "; run it again: it finishes what is missing", failedAgain);
        }
    }

    /** The plan's steps that {@code now} still lacks: a shift step is one change, retried as it was. */
    private static Decision.Proceed remaining(Routing now, Decision.Proceed plan) {
        List<Change> missing = plan.changes().stream().filter(change -> !change.applyTo(now).equals(now)).toList();
        return new Decision.Proceed(plan.target(), missing, plan.promoted(), plan.demoted());
    }

    /** Success is reported only for what the load balancer says it now is. */
    private void verify(Kind kind, Decision.Proceed plan, Routing after) {
        Routing want = plan.target();
        boolean listenersRight = after.forwardsTo(pair.production()).equals(want.forwardsTo(pair.production()))
                && after.forwardsTo(pair.test()).equals(want.forwardsTo(pair.test()))
                && after.weights(pair.production()).equals(want.weights(pair.production()));
        boolean tagsRight = after.tags(plan.promoted()).isProduction() == want.tags(plan.promoted()).isProduction()
                && after.tags(plan.demoted()).isProduction() == want.tags(plan.demoted()).isProduction();
        if (!listenersRight || !tagsRight) {
            throw new FlipNotFinished(kind.noun + " did not reach the planned state (production on "
                    + onProduction(after) + ", test on "
                    + after.forwardsTo(pair.test()).orElse("nothing") + ", " + Tags.IS_PRODUCTION + " of "
                    + plan.promoted() + ": " + after.tags(plan.promoted()).get(Tags.IS_PRODUCTION).orElse("none")
                    + "); run it again: it finishes what is missing", null);
        }
    }

    /** "blue", or "blue (90 %) and green (10 %)" while traffic shifts. */
    private String onProduction(Routing routing) {
        String prod = routing.forwardsTo(pair.production()).orElse("nothing");
        return routing.split(pair.production()).map(split -> prod + " (" + (100 - split.percent()) + " %) and "
                + split.group() + " (" + split.percent() + " %)").orElse(prod);
    }

    private Event shiftEvent(Request request, Routing before, Decision.Proceed plan) {
        int percent = plan.target().split(pair.production()).map(Split::percent).orElse(0);
        return Event.of(clock.instant(), request.actor(), EventType.SHIFT, percent, plan.promoted(),
                image(before, plan.promoted()), 100 - percent, plan.demoted(), image(before, plan.demoted()));
    }

    /** Where production and test now are, and the share of production already on the test side while it shifts. */
    private Outcome sides(Outcome outcome, Routing routing, boolean changed) {
        String prod = routing.forwardsTo(pair.production()).orElse(null);
        String test = routing.forwardsTo(pair.test()).orElse(null);
        return outcome.with(PROD, prod).with(PROD_IMAGE, prod == null ? null : image(routing, prod))
                .with(TEST, test).with(TEST_IMAGE, test == null ? null : image(routing, test))
                .with(SHIFTED, routing.split(pair.production()).map(Split::percent).orElse(0)).with(CHANGED, changed);
    }

    private static String side(Routing routing, String group) {
        return group + " (" + image(routing, group) + ")";
    }

    private static String image(Routing routing, String group) {
        return routing.tags(group).image().orElse("?");
    }
}
