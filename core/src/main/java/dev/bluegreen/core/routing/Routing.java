package dev.bluegreen.core.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What blue/green is about in a load balancer, and nothing else: which target group each listener forwards to,
 * and the tags of the target groups. Immutable; every change makes a new value.
 */
public record Routing(Map<String, String> listeners, Map<String, Tags> groups) {

    public Routing {
        listeners = Map.copyOf(listeners);
        groups = Map.copyOf(groups);
    }

    public Optional<String> forwardsTo(String listener) {
        return Optional.ofNullable(listeners.get(listener));
    }

    public Tags tags(String group) {
        return groups.getOrDefault(group, new Tags(Map.of()));
    }

    public Routing withListener(String listener, String group) {
        Map<String, String> changed = new LinkedHashMap<>(listeners);
        changed.put(Objects.requireNonNull(listener), Objects.requireNonNull(group));
        return new Routing(changed, groups);
    }

    public Routing withTag(String group, String key, String value) {
        Map<String, Tags> changed = new LinkedHashMap<>(groups);
        changed.put(group, tags(group).with(key, value));
        return new Routing(listeners, changed);
    }
}
