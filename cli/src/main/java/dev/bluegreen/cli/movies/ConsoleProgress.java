package dev.bluegreen.cli.movies;

import dev.bluegreen.movies.loader.LoadProgress;
import java.io.PrintStream;

/**
 * A load's progress on stderr: a bar redrawn in place (items/s, ETA) on a terminal, a plain line every few
 * seconds otherwise, so that logs stay readable. A small class rather than a progress-bar library: the whole
 * need is one line of text.
 */
final class ConsoleProgress implements LoadProgress {

    private static final int BAR_WIDTH = 30;
    private static final long PLAIN_EVERY_NANOS = 2_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private String what = "";
    private long total;
    private long start;
    private long lastPrinted;
    private boolean drew;

    ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static ConsoleProgress forStderr() {
        return new ConsoleProgress(System.err, System.console() != null && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM")));
    }

    @Override
    public void started(String what, long total) {
        this.what = what;
        this.total = total;
        this.start = System.nanoTime();
        this.lastPrinted = start;
        if (!terminal) {
            out.printf("%s: %,d movies%n", what, total);
        }
    }

    @Override
    public void advanced(long done) {
        long now = System.nanoTime();
        double seconds = Math.max((now - start) / 1e9, 1e-3);
        double rate = done / seconds;
        if (terminal) {
            int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * done / total);
            long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
            out.printf("\r%s [%s%s] %3d%% %,d/%,d %,.0f/s ETA %ds ", what, "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), total == 0 ? 100 : done * 100 / total, done, total, rate, eta);
            drew = true;
        } else if (now - lastPrinted >= PLAIN_EVERY_NANOS || done == total) {
            out.printf("%s: %,d of %,d (%,.0f movies/s)%n", what, done, total, rate);
            lastPrinted = now;
        }
        out.flush();
    }

    @Override
    public void finished() {
        if (terminal && drew) {
            out.println();
        }
    }
}
