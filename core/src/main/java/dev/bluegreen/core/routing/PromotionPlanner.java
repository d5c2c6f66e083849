package dev.bluegreen.core.routing;

import java.util.List;
import java.util.function.Predicate;

/**
 * The pipeline's flip: promote exactly one build, not "whatever the test side runs". If someone flipped by hand
 * meanwhile, promoting a build that already serves production does nothing; a build that is no longer on the test
 * side is refused rather than promoting something nobody approved.
 */
public final class PromotionPlanner {

    private PromotionPlanner() {
    }

    /** @param requestedOn as for {@link FlipPlanner#flip}: the production group when this promotion was asked for */
    public static Decision promote(Routing current, BlueGreenPair pair, String image, Predicate<String> healthy,
                                   String requestedOn) {
        String prod = current.forwardsTo(pair.production()).orElse(null);
        String test = current.forwardsTo(pair.test()).orElse(null);
        if (prod != null && runs(current, prod, image)) {
            return new Decision.Proceed(current, List.of(), prod, test);
        }
        if (test == null || !runs(current, test, image)) {
            return Decision.refused(Reason.BUILD_NOT_ON_TEST, image, test,
                    test == null ? "nothing" : current.tags(test).image().orElse("?"));
        }
        return FlipPlanner.flip(current, pair, healthy, requestedOn);
    }

    private static boolean runs(Routing routing, String group, String image) {
        return routing.tags(group).image().filter(image::equals).isPresent();
    }
}
