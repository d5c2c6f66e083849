package dev.bluegreen.core.routing;

import java.util.Objects;

/**
 * A listener's share for a second target group while traffic shifts: {@code percent} of its requests go to
 * {@code group}, the rest to the group it forwards to ({@link Routing#forwardsTo}). The ALB's weighted forward
 * action with two target groups, as a value; 1 to 99 (0 is no split, 100 is a flip).
 */
public record Split(String group, int percent) {

    public Split {
        Objects.requireNonNull(group, "group");
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("a split sends 1 to 99 % of a listener's requests to its second "
                    + "group, not " + percent);
        }
    }
}
