package dev.bluegreen.core.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What blue/green is about in a load balancer, and nothing else: which target group each listener forwards to,
 * the share a listener sends to a second group while traffic shifts ({@link Split}), and the tags of the target
 * groups. Immutable; every change makes a new value.
 */
public record Routing(Map<String, String> listeners, Map<String, Tags> groups, Map<String, Split> splits) {

    public Routing {
        listeners = Map.copyOf(listeners);
        groups = Map.copyOf(groups);
        splits = Map.copyOf(splits);
    }

    /** Every listener forwarding to one group only: blue/green before traffic shifting. */
    public Routing(Map<String, String> listeners, Map<String, Tags> groups) {
        this(listeners, groups, Map.of());
    }

    public Optional<String> forwardsTo(String listener) {
        return Optional.ofNullable(listeners.get(listener));
    }

    /** The share {@code listener} sends to a second group, if its traffic is being shifted. */
    public Optional<Split> split(String listener) {
        return Optional.ofNullable(splits.get(listener));
    }

    /**
     * Where {@code listener}'s requests go, in percent by group, the group it forwards to first; empty when it
     * forwards nowhere. What {@code status} shows, and what an ALB's forward action holds.
     */
    public Map<String, Integer> weights(String listener) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        forwardsTo(listener).ifPresent(group -> {
            Optional<Split> split = split(listener);
            weights.put(group, 100 - split.map(Split::percent).orElse(0));
            split.ifPresent(s -> weights.put(s.group(), s.percent()));
        });
        return weights;
    }

    public Tags tags(String group) {
        return groups.getOrDefault(group, new Tags(Map.of()));
    }

    /** Forwards {@code listener} to {@code group}; a split towards that same group has nothing left to split. */
    public Routing withListener(String listener, String group) {
        Map<String, String> changed = new LinkedHashMap<>(listeners);
        changed.put(Objects.requireNonNull(listener), Objects.requireNonNull(group));
        Map<String, Split> keptSplits = new LinkedHashMap<>(splits);
        keptSplits.computeIfPresent(listener, (l, split) -> split.group().equals(group) ? null : split);
        return new Routing(changed, groups, keptSplits);
    }

    /** Sends {@code percent} of {@code listener}'s requests to {@code group}; 0 sends them all back. */
    public Routing withSplit(String listener, String group, int percent) {
        Map<String, Split> changed = new LinkedHashMap<>(splits);
        if (percent == 0) {
            changed.remove(listener);
        } else {
            changed.put(Objects.requireNonNull(listener), new Split(group, percent));
        }
        return new Routing(listeners, groups, changed);
    }

    public Routing withTag(String group, String key, String value) {
        Map<String, Tags> changed = new LinkedHashMap<>(groups);
        changed.put(group, tags(group).with(key, value));
        return new Routing(listeners, changed, splits);
    }
}
