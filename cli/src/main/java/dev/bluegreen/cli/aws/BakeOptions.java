package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.cli.UserError;
import java.math.BigDecimal;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The bake after each flip on AWS: the options of {@code up}'s local bake, by the same names and in the same units,
 * checked here against {@code main.yaml}'s limits; a value left out keeps the stack's.
 */
final class BakeOptions {

    /** 50 minutes: a CodePipeline Lambda action may take an hour. */
    static final long MAX_WINDOW_MS = 3_000_000;
    /** A target's time to answer cannot exceed the load balancer's idle timeout, 60 s. */
    static final long MAX_P99_MS = 60_000;

    @Option(names = "--bake-window", paramLabel = "MS",
            description = "how long production is watched after a flip, from CloudWatch's one-minute figures; 0 for "
                    + "no bake, at most 3000000 (default: 600000)")
    String window;

    @Option(names = "--bake-max-error-rate", paramLabel = "RATE",
            description = "share of 5xx in production that rolls back, 0 to 1 (default: 0.05)")
    String maxErrorRate;

    @Option(names = "--bake-max-p99", paramLabel = "MS",
            description = "production p99 latency that rolls back, at most 60000 (default: 2000)")
    String maxP99;

    /** Checks what was given, before anything is sent. */
    void validate() {
        if (window != null) {
            window(window);
        }
        if (maxErrorRate != null) {
            maxErrorRate(maxErrorRate);
        }
        if (maxP99 != null) {
            maxP99(maxP99);
        }
    }

    /** The stack's parameters; null (kept on an update, the template's default on a create) for what was not given. */
    void into(Map<String, String> parameters) {
        parameters.put(MainStack.BAKE_WINDOW, window == null ? null : window(window));
        parameters.put(MainStack.BAKE_MAX_ERROR_RATE, maxErrorRate == null ? null : maxErrorRate(maxErrorRate));
        parameters.put(MainStack.BAKE_MAX_P99, maxP99 == null ? null : maxP99(maxP99));
    }

    static String window(String value) {
        return milliseconds("--bake-window", value, 0, MAX_WINDOW_MS);
    }

    static String maxP99(String value) {
        return milliseconds("--bake-max-p99", value, 1, MAX_P99_MS);
    }

    /** A rate from 0 to 1, written plainly ("0.05", never "5E-2"). */
    static String maxErrorRate(String value) {
        BigDecimal rate;
        try {
            rate = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            rate = null;
        }
        if (rate == null || rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            throw new UserError("--bake-max-error-rate '" + value + "' must be a share from 0 to 1, e.g. 0.05 for 5 %");
        }
        String plain = rate.stripTrailingZeros().toPlainString();
        return plain.startsWith(".") ? "0" + plain : plain;
    }

    private static String milliseconds(String option, String value, long min, long max) {
        long ms;
        try {
            ms = value.matches("\\d{1,10}") ? Long.parseLong(value) : -1;
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < min || ms > max) {
            throw new UserError(option + " '" + value + "' must be a whole number of milliseconds from " + min
                    + " to " + max);
        }
        return Long.toString(ms);
    }
}
