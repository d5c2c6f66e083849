package dev.bluegreen.core.check;

import dev.bluegreen.core.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How one check went: passed or not, why not, the last lines of its output (a command's, or the start of a body that
 * failed), and how long it took.
 */
public record CheckResult(String name, boolean passed, String detail, List<String> output, Duration took) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail;
        output = List.copyOf(output);
        Objects.requireNonNull(took, "took");
    }

    public static CheckResult passed(String name, String detail, Duration took) {
        return new CheckResult(name, true, detail, List.of(), took);
    }

    public static CheckResult failed(String name, String detail, List<String> output, Duration took) {
        return new CheckResult(name, false, detail, output, took);
    }

    /**
     * The check stage's verdict: done when every check passed, each named with its time; else not done, naming the
     * failed checks on the first line, then each one's reason and output.
     */
    public static Outcome verdict(List<CheckResult> results) {
        List<CheckResult> failed = results.stream().filter(result -> !result.passed()).toList();
        if (failed.isEmpty()) {
            return Outcome.done(results.size() + (results.size() == 1 ? " check" : " checks")
                    + " passed on the test side: " + results.stream().map(result -> "'" + result.name() + "' ("
                    + result.took().toMillis() + " ms)").collect(Collectors.joining(", ")));
        }
        StringBuilder message = new StringBuilder(failed.size() + " of " + results.size() + " checks failed on the "
                + "test side: " + failed.stream().map(result -> "'" + result.name() + "'")
                .collect(Collectors.joining(", ")));
        for (CheckResult result : failed) {
            message.append("\n").append(result.name()).append(": ").append(result.detail());
            result.output().forEach(line -> message.append("\n  ").append(line));
        }
        return Outcome.failed(message.toString());
    }
}
