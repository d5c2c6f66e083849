package dev.bluegreen.core.routing;

/** One step of a routing change, in the order an adapter must apply it. */
public sealed interface Change {

    /** Applies this step to a routing value (what an adapter does to the real load balancer). */
    Routing applyTo(Routing routing);

    record ForwardListener(String listener, String group) implements Change {
        @Override
        public Routing applyTo(Routing routing) {
            return routing.withListener(listener, group);
        }
    }

    /**
     * Sends {@code percent} of {@code listener}'s requests to {@code group}, the rest staying where the listener
     * forwards; 0 ends the split (everything back on the listener's own group).
     */
    record SplitListener(String listener, String group, int percent) implements Change {
        public SplitListener {
            if (percent < 0 || percent > 99) {
                throw new IllegalArgumentException("a split is 0 to 99 %, not " + percent);
            }
        }

        @Override
        public Routing applyTo(Routing routing) {
            return routing.withSplit(listener, group, percent);
        }
    }

    record SetTag(String group, String key, String value) implements Change {
        @Override
        public Routing applyTo(Routing routing) {
            return routing.withTag(group, key, value);
        }
    }
}
