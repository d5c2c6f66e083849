package dev.bluegreen.core.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How production moves to a new build once it is approved: all at once (the seed's flip), or shifted in steps with
 * each step judged before the next (CodeDeploy's {@code Canary10Percent5Minutes} and
 * {@code Linear10PercentEvery1Minute}, Flagger's and Argo Rollouts' canary steps). Written as one short spec that
 * the app's repository, the CLI, the dashboard and the AWS template all take: {@code all-at-once},
 * {@code canary:10%:5m} (10 % for 5 minutes, then the rest), {@code linear:20%:1m} (20 % more every minute).
 */
public sealed interface ReleaseStrategy {

    /** What a spec looks like, for error messages. */
    String FORMAT = "all-at-once, canary:PERCENT%:INTERVAL or linear:PERCENT%:INTERVAL (e.g. canary:10%:5m, "
            + "linear:20%:30s; the interval in ms, s, m or h)";

    /** The shares of production the new build has at each step, the last one 100. */
    List<Integer> steps();

    /** How long each step but the last is held and judged (zero all at once). */
    Duration interval();

    /** The spec it reads back from: {@code parse(spec()).equals(this)}. */
    String spec();

    /** A sentence for a person: "canary: 10 % for 5m, then 100 %". */
    String describe();

    record AllAtOnce() implements ReleaseStrategy {
        public List<Integer> steps() {
            return List.of(100);
        }

        public Duration interval() {
            return Duration.ZERO;
        }

        public String spec() {
            return "all-at-once";
        }

        public String describe() {
            return "all at once";
        }
    }

    /** {@code percent} of production for {@code interval}, then all of it. */
    record Canary(int percent, Duration interval) implements ReleaseStrategy {
        public Canary {
            checked(percent, interval);
        }

        public List<Integer> steps() {
            return List.of(percent, 100);
        }

        public String spec() {
            return "canary:" + percent + "%:" + Durations.format(interval);
        }

        public String describe() {
            return "canary: " + percent + " % for " + Durations.format(interval) + ", then 100 %";
        }
    }

    /** {@code percent} more of production every {@code interval}, until all of it. */
    record Linear(int percent, Duration interval) implements ReleaseStrategy {
        public Linear {
            checked(percent, interval);
        }

        public List<Integer> steps() {
            List<Integer> steps = new ArrayList<>();
            for (int share = percent; share < 100; share += percent) {
                steps.add(share);
            }
            steps.add(100);
            return steps;
        }

        public String spec() {
            return "linear:" + percent + "%:" + Durations.format(interval);
        }

        public String describe() {
            return "linear: " + percent + " % more every " + Durations.format(interval) + " (" + steps().size()
                    + " steps)";
        }
    }

    ReleaseStrategy ALL_AT_ONCE = new AllAtOnce();

    /** @throws IllegalArgumentException saying what is wrong and what {@link #FORMAT} is expected */
    static ReleaseStrategy parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String text = spec.trim().toLowerCase(Locale.ROOT);
        if (text.equals("all-at-once")) {
            return ALL_AT_ONCE;
        }
        Matcher m = Pattern.compile("(canary|linear):(\\d{1,3})%?:(\\S+)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("release strategy '" + spec + "' is not " + FORMAT);
        }
        int percent = Integer.parseInt(m.group(2));
        Duration interval;
        try {
            interval = Durations.parse(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("release strategy '" + spec + "': " + e.getMessage());
        }
        try {
            return m.group(1).equals("canary") ? new Canary(percent, interval) : new Linear(percent, interval);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("release strategy '" + spec + "': " + e.getMessage());
        }
    }

    private static void checked(int percent, Duration interval) {
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("the step must be 1 to 99 % of production, not " + percent + " %");
        }
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("the interval must be more than 0 and at most 24h, not "
                    + Durations.format(interval));
        }
    }
}
