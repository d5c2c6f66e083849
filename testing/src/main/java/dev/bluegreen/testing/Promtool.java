package dev.bluegreen.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker of the text format, {@code promtool check metrics} (Debian's {@code prometheus} package,
 * which {@code run-tests} installs): a scrape must parse, and pass its lint (help text on every metric, base units,
 * the {@code _total} and {@code _count} conventions).
 */
public final class Promtool {

    private static final long PATIENCE_SECONDS = 30;

    /** What promtool said of a scrape: exit code 0 when it passes, and its complaints, one per line. */
    public record Verdict(int exitCode, String output) {
        public boolean passes() {
            return exitCode == 0;
        }
    }

    private Promtool() {
    }

    /** @throws AssertionError when promtool is not installed or does not answer */
    public static Verdict check(String scrape) {
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed (apt-get install prometheus; run-tests does it): "
                    + e.getMessage(), e);
        }
        try {
            try (OutputStream in = promtool.getOutputStream()) {
                in.write(scrape.getBytes(StandardCharsets.UTF_8));
            }
            String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!promtool.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("promtool did not finish within " + PATIENCE_SECONDS + " s");
            }
            return new Verdict(promtool.exitValue(), said.strip());
        } catch (IOException e) {
            throw new AssertionError("talking to promtool failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for promtool", e);
        } finally {
            promtool.destroyForcibly();
        }
    }
}
