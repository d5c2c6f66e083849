package dev.bluegreen.aws.release;

import dev.bluegreen.core.routing.Routing;
import java.time.Duration;

/** How a release in progress reads in the pipeline's summaries and messages. */
final class ReleaseText {

    private ReleaseText() {
    }

    /** "step 1 of 2 (10 % for 5m)". */
    static String step(ReleaseState state) {
        int steps = state.choice().strategy().steps().size();
        return "step " + (state.step() + 1) + " of " + steps + " (" + state.percent() + " % for "
                + seconds(state.choice().strategy().interval()) + ")";
    }

    /**
     * "canary: 10 % for 5m, then 100 % (chosen by the approval): step 1 of 2 (10 % for 300 s), 120 s in", or "...
     * begins; shift: ..." with what was just changed: what the pipeline shows while a step is under way.
     */
    static String stepUnderWay(ReleaseState state, String lastChange, Duration held) {
        return state.choice().describe() + ": " + step(state) + (held.isZero() ? " begins"
                : ", " + held.toSeconds() + " s in") + (lastChange == null ? "" : "; " + lastChange);
    }

    /** How far the shifting is, over all its steps but the promotion; never 100 before it is done. */
    static int percentComplete(ReleaseState state, Duration held) {
        long interval = Math.max(1, state.choice().strategy().interval().toMillis());
        long total = interval * (state.choice().strategy().steps().size() - 1);
        long done = interval * state.step() + Math.min(interval, held.toMillis());
        return (int) Math.min(99, done * 100 / total);
    }

    static String side(Routing routing, String group) {
        return group + " (" + routing.tags(group).image().orElse("?") + ")";
    }

    private static String seconds(Duration interval) {
        return interval.toSeconds() + " s";
    }
}
