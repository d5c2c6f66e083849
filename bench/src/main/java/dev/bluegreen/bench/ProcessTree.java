package dev.bluegreen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The memory of a process and all its descendants, from /proc. RSS counts pages shared between processes (the JDK's
 * libraries, the class-data-sharing archive) once per process, so it overstates a tree of JVMs; PSS splits each
 * shared page between the processes that map it, so PSS sums to what the tree really takes.
 */
final class ProcessTree {

    /** Sums over the tree; {@code rootPssBytes} is the root's own share. */
    record Memory(int processes, long rssBytes, long pssBytes, long rootPssBytes, List<String> perProcess) {
    }

    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern PSS = Pattern.compile("(?m)^Pss:\\s+(\\d+) kB");

    private ProcessTree() {
    }

    static Memory of(ProcessHandle root) throws IOException {
        List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();
        long rss = 0;
        long pss = 0;
        List<String> lines = new ArrayList<>();
        int counted = 0;
        long rootPss = 0;
        for (ProcessHandle p : tree) {
            Path proc = Path.of("/proc", Long.toString(p.pid()));
            long processRss;
            long processPss;
            try {
                processRss = kilobytes(VM_RSS, Files.readString(proc.resolve("status"))) * 1024;
                processPss = kilobytes(PSS, Files.readString(proc.resolve("smaps_rollup"))) * 1024;
            } catch (IOException gone) {
                continue; // exited between the listing and the reading
            }
            counted++;
            if (p.equals(root)) {
                rootPss = processPss;
            }
            rss += processRss;
            pss += processPss;
            lines.add(String.format("%d %s: RSS %d MB, PSS %d MB", p.pid(), commandOf(p), processRss >> 20,
                    processPss >> 20));
        }
        return new Memory(counted, rss, pss, rootPss, lines);
    }

    /** CPU time (user and system) these processes have used so far; one that has exited counts nothing. */
    static long cpuNanos(List<ProcessHandle> processes) {
        long ticks = 0;
        for (ProcessHandle p : processes) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                // after the command in parentheses: state is the first field, utime the 12th, stime the 13th
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException gone) {
                // exited
            }
        }
        return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
    }

    /** The kernel's unit of CPU time in /proc, asked once of getconf (100 on Linux as built everywhere). */
    static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static String commandOf(ProcessHandle p) {
        String args = String.join(" ", p.info().arguments().orElse(new String[0]));
        int jar = args.indexOf("-jar ");
        return jar >= 0 ? args.substring(jar) : args;
    }

    private static long kilobytes(Pattern pattern, String text) throws IOException {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IOException("no " + pattern + " in /proc");
        }
        return Long.parseLong(m.group(1));
    }
}
