package dev.bluegreen.core.routing;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Rollback is a flip back, allowed while it undoes the last flip: production is still on the side that flip
 * promoted, and the test side still runs the version that was live before it (the old version is still running
 * — the seed's whole idea of rollback). While a release shifts traffic, rollback ends the shift instead: all of
 * production back on the side it never left.
 */
public final class RollbackPlanner {

    private RollbackPlanner() {
    }

    public static Decision rollback(Routing current, BlueGreenPair pair, LastFlip last,
                                    Predicate<String> hasHealthyTarget) {
        Optional<Decision.Proceed> endShift = ShiftPlanner.abort(current, pair);
        if (endShift.isPresent()) {
            return endShift.get();
        }
        if (last == null) {
            return Decision.refused(Reason.NO_PREVIOUS_FLIP);
        }
        String prod = current.forwardsTo(pair.production()).orElse(null);
        String test = current.forwardsTo(pair.test()).orElse(null);
        if (!last.promoted().equals(prod) || !last.demoted().equals(test)) {
            return Decision.refused(Reason.PREVIOUS_SIDE_MOVED, prod, last.promoted());
        }
        String testImage = current.tags(test).image().orElse(null);
        if (!Objects.equals(testImage, last.demotedImage())) {
            return Decision.refused(Reason.PREVIOUS_VERSION_GONE, test, testImage, last.demotedImage());
        }
        return FlipPlanner.flip(current, pair, hasHealthyTarget);
    }
}
