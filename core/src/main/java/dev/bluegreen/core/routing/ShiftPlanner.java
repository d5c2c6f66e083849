package dev.bluegreen.core.routing;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Traffic shifting (a canary or a linear release), as pure decisions: a share of the production listener's requests
 * goes to the test side, which runs the build being released, while the production listener, the test listener and
 * the {@code IsProduction} tags stay as they are. The last step (100 %) is the flip itself; ending a shift early
 * sends everything back to production's own side at once.
 */
public final class ShiftPlanner {

    private ShiftPlanner() {
    }

    /**
     * Sends {@code percent} (1 to 100) of production to the test side, which must run build {@code image}: bound to
     * one build like a promotion. 100 is the promotion itself; a build that already serves production has nothing
     * left to shift.
     */
    public static Decision shift(Routing current, BlueGreenPair pair, String image, int percent,
                                 Predicate<String> healthy) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("a shift sends 1 to 100 % of production to the new build, not "
                    + percent);
        }
        if (percent == 100) {
            return PromotionPlanner.promote(current, pair, image, healthy, null);
        }
        String prod = current.forwardsTo(pair.production()).orElse(null);
        String test = current.forwardsTo(pair.test()).orElse(null);
        if (prod == null) {
            return Decision.refused(Reason.LISTENER_UNROUTED, pair.production());
        }
        if (runs(current, prod, image)) {
            return new Decision.Proceed(current, List.of(), prod, test);
        }
        if (test == null || !runs(current, test, image)) {
            return Decision.refused(Reason.BUILD_NOT_ON_TEST, image, test,
                    test == null ? "nothing" : current.tags(test).image().orElse("?"));
        }
        if (test.equals(prod) || current.tags(test).isProduction()) {
            return Decision.refused(Reason.FLIP_UNFINISHED, prod);
        }
        if (!healthy.test(test)) {
            return Decision.refused(Reason.NO_HEALTHY_TARGET, test, prod);
        }
        Change change = new Change.SplitListener(pair.production(), test, percent);
        Routing target = change.applyTo(current);
        return new Decision.Proceed(target, target.equals(current) ? List.of() : List.of(change), test, prod);
    }

    /**
     * Ends a shift in progress: all of production back on the side it forwards to, at once. Empty when no traffic
     * is shifted. What a rollback does while a release shifts: the last flip is not undone, it is not this one.
     */
    public static Optional<Decision.Proceed> abort(Routing current, BlueGreenPair pair) {
        return current.split(pair.production()).map(split -> {
            Change change = new Change.SplitListener(pair.production(), split.group(), 0);
            return new Decision.Proceed(change.applyTo(current), List.of(change),
                    current.forwardsTo(pair.production()).orElseThrow(), split.group());
        });
    }

    private static boolean runs(Routing routing, String group, String image) {
        return routing.tags(group).image().filter(image::equals).isPresent();
    }
}
