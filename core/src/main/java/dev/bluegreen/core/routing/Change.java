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

    record SetTag(String group, String key, String value) implements Change {
        @Override
        public Routing applyTo(Routing routing) {
            return routing.withTag(group, key, value);
        }
    }
}
