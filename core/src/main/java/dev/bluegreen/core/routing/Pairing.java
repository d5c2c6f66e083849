package dev.bluegreen.core.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which target group pairs with which: the two groups tagged Identifier Code1 and Code2. */
final class Pairing {

    static final String CODE1 = "Code1";
    static final String CODE2 = "Code2";
    static final List<String> IDENTIFIERS = List.of(CODE1, CODE2);

    private Pairing() {
    }

    /** The other group of the blue/green pair, when exactly one other group carries the other identifier. */
    static Optional<String> otherGroup(Routing routing, String group) {
        List<String> others = routing.groups().entrySet().stream()
                .filter(e -> !e.getKey().equals(group))
                .filter(e -> e.getValue().identifier().filter(IDENTIFIERS::contains).isPresent())
                .map(Map.Entry::getKey)
                .toList();
        return others.size() == 1 ? Optional.of(others.get(0)) : Optional.empty();
    }
}
