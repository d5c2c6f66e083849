package dev.bluegreen.core.routing;

import java.util.Map;
import java.util.Optional;

/**
 * Never scale production to nothing: a service whose target group a listener other than the test one forwards to
 * (the production listener, or the API's) serves production, and 0 tasks would take production down; so does the
 * side that takes a share of production while traffic shifts.
 */
public final class ScaleGuard {

    private ScaleGuard() {
    }

    /** Why scaling {@code service} (feeding {@code group}) to {@code count} tasks is refused, if it is. */
    public static Optional<Decision.Refused> check(Routing routing, BlueGreenPair pair, String service, String group,
                                                   int count) {
        if (count > 0) {
            return Optional.empty();
        }
        Optional<Decision.Refused> serving = routing.listeners().entrySet().stream()
                .filter(listener -> !listener.getKey().equals(pair.test()) && listener.getValue().equals(group))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .map(listener -> Decision.refused(Reason.SCALE_TAKES_PRODUCTION_DOWN, service, listener,
                        listener.equals(pair.production()) ? "; flip first" : ""));
        return serving.or(() -> routing.split(pair.production()).filter(split -> split.group().equals(group))
                .map(split -> Decision.refused(Reason.SCALE_TAKES_PRODUCTION_DOWN, service, pair.production(),
                        " (it takes " + split.percent() + " % of it while traffic shifts); roll back or finish the "
                                + "release first")));
    }
}
