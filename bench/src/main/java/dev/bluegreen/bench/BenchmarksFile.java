package dev.bluegreen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * BENCHMARKS.md, where each benchmark owns one section between markers and rewrites only that section, so
 * that running one benchmark leaves the others' last results in place.
 */
final class BenchmarksFile {

    private static final String HEAD = "# Benchmarks\n\nProduced by `bench/run` (see the README); each section is "
            + "rewritten by its own benchmark and says when and where it ran. Numbers from a 2-core machine with "
            + "load generator and servers on the same cores: compare rows within a table, not across machines.\n";

    private final Path file;

    BenchmarksFile(Path file) {
        this.file = file;
    }

    void write(String section, String markdown) throws IOException {
        String begin = "<!-- bench:" + section + " -->";
        String end = "<!-- /bench:" + section + " -->";
        String text = Files.exists(file) ? Files.readString(file) : HEAD;
        String block = begin + "\n" + markdown.strip() + "\n" + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Files.writeString(file, text);
    }
}
