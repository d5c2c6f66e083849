package dev.bluegreen.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a set of durations in nanoseconds, shown in milliseconds. */
final class Percentiles {

    private final long[] sorted;

    Percentiles(Collection<Long> nanos) {
        sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    Percentiles(long[] nanos) {
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    double millis(double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return millis(1.0);
    }

    /** e.g. "0.42" (two decimals under 10 ms, then one, then none), or "–" when there is no value. */
    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "–";
        }
        return millis < 10 ? String.format("%.2f", millis) : millis < 100 ? String.format("%.1f", millis)
                : String.format("%,.0f", millis);
    }
}
