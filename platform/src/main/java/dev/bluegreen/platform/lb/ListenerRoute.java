package dev.bluegreen.platform.lb;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A listener's {@link Forward} with its target groups found, as one entry of the load balancer's immutable routing
 * table. A split is exact, not random: requests are numbered as they are dispatched, and of every 100 consecutive
 * numbers exactly {@code percent} go to the second group, spread evenly (the 10th, 20th, … for 10 %), so that 10 %
 * means 10 of every 100 requests however few there are. Requests a sticky client sends do not take a number.
 */
final class ListenerRoute {

    /** The cookie that keeps a client on one side of a split: its value is the target group's name, nothing else. */
    static final String STICKY_COOKIE = "bluegreen-side";
    private static final String STICKY_PREFIX = STICKY_COOKIE + "=";

    /** Where one request goes, and the cookie its answer sets (null: none). */
    record Choice(TargetGroup group, String setCookie) {
    }

    private final Forward forward;
    private final TargetGroup group;
    private final TargetGroup shiftedTo;
    private final AtomicLong dispatched = new AtomicLong();

    ListenerRoute(Forward forward, TargetGroup group, TargetGroup shiftedTo) {
        this.forward = forward;
        this.group = group;
        this.shiftedTo = shiftedTo;
    }

    Forward forward() {
        return forward;
    }

    /** @param side the group a sticky client's cookie names, or null */
    Choice choose(String side) {
        if (shiftedTo == null) {
            return new Choice(group, null);
        }
        boolean sticky = !forward.stickiness().isZero();
        if (sticky) {
            TargetGroup kept = keptBy(side);
            if (kept != null) {
                return new Choice(kept, null);
            }
        }
        TargetGroup chosen = isShifted(dispatched.getAndIncrement()) ? shiftedTo : group;
        return new Choice(chosen, sticky ? cookie(chosen.name()) : null);
    }

    /** Whether request number {@code n} goes to the second group: the n-th step of a line of slope percent/100. */
    private boolean isShifted(long n) {
        int step = (int) (n % 100);
        return (step + 1) * forward.percent() / 100 > step * forward.percent() / 100;
    }

    /** The group the client's cookie names, if it is one with a share of this listener (both are, while split). */
    private TargetGroup keptBy(String side) {
        if (group.name().equals(side)) {
            return group;
        }
        return shiftedTo.name().equals(side) ? shiftedTo : null;
    }

    private String cookie(String groupName) {
        return STICKY_COOKIE + "=" + groupName + "; Path=/; Max-Age=" + forward.stickiness().toSeconds()
                + "; HttpOnly; SameSite=Lax";
    }

    /** The group a sticky client's cookie names: {@code bluegreen-side=blue} among its cookies, or null. */
    static String stickySide(String cookies) {
        int at = cookies.indexOf(STICKY_PREFIX);
        while (at >= 0) {
            if (at == 0 || cookies.charAt(at - 1) == ' ' || cookies.charAt(at - 1) == ';') {
                int end = cookies.indexOf(';', at);
                String value = cookies.substring(at + STICKY_PREFIX.length(), end < 0 ? cookies.length() : end).trim();
                return value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
            at = cookies.indexOf(STICKY_PREFIX, at + 1);
        }
        return null;
    }
}
