package dev.bluegreen.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The seed's {@code blue_green_flip.py}, as a pure decision: swap the target groups of the production and test
 * listeners and their {@code IsProduction} tags, but only when the group to be promoted has a healthy target.
 *
 * <p>Steps come in a fixed order: the production listener first (the change users see), then the test listener,
 * then the tags. The planner converges: given a routing left half-changed by an interrupted flip, it plans only
 * the remaining steps. It recognises one by its traces: both listeners on one group (interrupted between the
 * listeners), or the test group still tagged IsProduction=true (interrupted before the tags were done). Never
 * are both listeners left on one group.
 *
 * <p>A flip while traffic shifts (a {@link Split} on the production listener) completes the shift: production moves
 * wholly to the test side, the split ends with it.
 *
 * <p>A caller that may repeat a flip request (a retried pipeline job) passes the production group it saw when the
 * flip was asked for: if production has already moved away from it, the flip took place, and only what is left
 * of it is done — it is not flipped back.
 */
public final class FlipPlanner {

    private FlipPlanner() {
    }

    public static Decision flip(Routing current, BlueGreenPair pair, Predicate<String> hasHealthyTarget) {
        return flip(current, pair, hasHealthyTarget, null);
    }

    /**
     * @param requestedOn the production group when this flip was requested, or null when asked just now
     */
    public static Decision flip(Routing current, BlueGreenPair pair, Predicate<String> hasHealthyTarget,
                                String requestedOn) {
        String prod = current.forwardsTo(pair.production()).orElse(null);
        String test = current.forwardsTo(pair.test()).orElse(null);
        if (prod == null) {
            return Decision.refused(Reason.LISTENER_UNROUTED, pair.production());
        }
        if (test == null) {
            return Decision.refused(Reason.LISTENER_UNROUTED, pair.test());
        }
        if (prod.equals(test)) {
            // an interrupted flip moved production first: finish it, production stays where it already is
            String other = Pairing.otherGroup(current, prod).orElse(null);
            if (other == null) {
                return Decision.refused(Reason.NO_OTHER_GROUP, prod);
            }
            return towards(current, pair, prod, other);
        }
        boolean tagsLagBehind = current.tags(test).isProduction();
        boolean alreadyMoved = requestedOn != null && !requestedOn.equals(prod);
        if (tagsLagBehind || alreadyMoved) {
            // the listeners were swapped already: finish what is left, production stays where it is
            return towards(current, pair, prod, test);
        }
        if (!hasHealthyTarget.test(test)) {
            return Decision.refused(Reason.NO_HEALTHY_TARGET, test, prod);
        }
        return towards(current, pair, test, prod);
    }

    /** The steps from {@code current} to: production on {@code promoted}, test on {@code demoted}. */
    static Decision.Proceed towards(Routing current, BlueGreenPair pair, String promoted, String demoted) {
        List<Change> wanted = List.of(
                new Change.ForwardListener(pair.production(), promoted),
                // a shift in progress ends with the flip: production is now wholly on the promoted side
                new Change.SplitListener(pair.production(),
                        current.split(pair.production()).map(Split::group).orElse(demoted), 0),
                new Change.ForwardListener(pair.test(), demoted),
                new Change.SetTag(promoted, Tags.IS_PRODUCTION, "true"),
                new Change.SetTag(demoted, Tags.IS_PRODUCTION, "false"));
        List<Change> changes = new ArrayList<>();
        Routing target = current;
        for (Change change : wanted) {
            Routing next = change.applyTo(target);
            if (!next.equals(target)) {
                changes.add(change);
                target = next;
            }
        }
        return new Decision.Proceed(target, changes, promoted, demoted);
    }
}
