package dev.bluegreen.core.routing;

import java.util.List;

/** The outcome of a routing decision: the steps to take towards a target routing, or a refusal with its reason. */
public sealed interface Decision {

    /**
     * Go to {@code target} by applying {@code changes} in order. {@code changes} is empty when the routing is
     * already there (deciding again after a success, or after a partial failure that happened to finish).
     */
    record Proceed(Routing target, List<Change> changes, String promoted, String demoted) implements Decision {
        public Proceed {
            changes = List.copyOf(changes);
        }

        public boolean alreadyDone() {
            return changes.isEmpty();
        }

        /** Only the production listener's split changes: traffic shifts, nothing flips (no last flip to remember). */
        public boolean onlyShifts() {
            return !changes.isEmpty() && changes.stream().allMatch(Change.SplitListener.class::isInstance);
        }
    }

    record Refused(Reason reason, String message) implements Decision {
    }

    static Refused refused(Reason reason, Object... args) {
        return new Refused(reason, reason.message(args));
    }
}
