package dev.bluegreen.platform.lb;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a listener does with its requests, as an ALB's forward action: all to one target group, or, while traffic
 * shifts, {@code percent} of them to a second group ({@code shiftedTo}) and the rest to {@code group}. With a
 * {@code stickiness} above zero, a client sent to one group of a split keeps going there for that long (a cookie
 * naming the group), as long as the group keeps a share of the listener; without a split it means nothing.
 */
public record Forward(String group, String shiftedTo, int percent, Duration stickiness) {

    public Forward {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(stickiness, "stickiness");
        if (stickiness.isNegative() || !stickiness.isZero() && stickiness.toSeconds() < 1) {
            throw new IllegalArgumentException("stickiness is zero (none) or at least one second, not " + stickiness);
        }
        if (shiftedTo == null ? percent != 0 : percent < 1 || percent > 99 || shiftedTo.equals(group)) {
            throw new IllegalArgumentException("a listener sends 1 to 99 % of its requests to a second target group "
                    + "other than its own, not " + percent + " % to " + shiftedTo + " (it forwards to " + group + ")");
        }
    }

    /** Everything to {@code group}. */
    public static Forward to(String group) {
        return new Forward(group, null, 0, Duration.ZERO);
    }

    /** {@code percent} of the requests to {@code other} instead; 0 sends them all to this forward's own group. */
    public Forward split(String other, int percent) {
        return percent == 0 ? new Forward(group, null, 0, stickiness)
                : new Forward(group, other, percent, stickiness);
    }

    /** Keeps clients on the group they were sent to while the split lasts, up to {@code duration} (zero: no). */
    public Forward sticky(Duration duration) {
        return new Forward(group, shiftedTo, percent, duration);
    }

    public boolean isSplit() {
        return shiftedTo != null;
    }

    /** Percent by target group, the listener's own group first: {@code {blue=90, green=10}}, or {@code {blue=100}}. */
    public Map<String, Integer> weights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put(group, 100 - percent);
        if (shiftedTo != null) {
            weights.put(shiftedTo, percent);
        }
        return weights;
    }
}
