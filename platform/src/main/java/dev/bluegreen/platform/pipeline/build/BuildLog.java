package dev.bluegreen.platform.pipeline.build;

import dev.bluegreen.platform.files.PrivateFiles;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A build's log file: our own {@code [Container]} lines, as in CodeBuild's logs, between the commands' output. It
 * may already hold earlier builds; the tail is only this build's. The commands' output is capped: past the cap it is
 * read and dropped (a command never blocks on it), and one line at the end says how much was dropped. A disk
 * therefore holds at most the cap (and our few lines) per build, however much a build prints.
 */
final class BuildLog {

    private static final int TAIL_BYTES = 64 * 1024;
    private static final int MAX_LINE = 500;
    private static final int CHUNK = 8192;
    /**
     * How long a command's output may take to end once the command has: a process it left in the background may
     * hold it open, and copying goes on beside the next commands until the build stops that process.
     */
    private static final Duration OUTPUT_PATIENCE = Duration.ofSeconds(2);

    private final Path file;
    private final long start;
    private final long cap;
    private final OutputStream out;
    private final List<Thread> pumps = new CopyOnWriteArrayList<>();
    private long kept; // the fields below are guarded by this
    private long dropped;
    private boolean midLine;
    private boolean noted;

    private BuildLog(Path file, long start, long cap, OutputStream out) {
        this.file = file;
        this.start = start;
        this.cap = cap;
        this.out = out;
    }

    /** @param cap how many bytes of the commands' output this build keeps */
    static BuildLog open(Path file, long cap) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            PrivateFiles.directory(parent);
        }
        PrivateFiles.file(file);
        OutputStream out = new FileOutputStream(file.toFile(), true);
        return new BuildLog(file, Files.size(file), cap, out);
    }

    Path file() {
        return file;
    }

    /** One line of ours, on a line of its own even when a command's output did not end its last line. */
    synchronized void line(String text) throws IOException {
        String line = (midLine ? "\n" : "") + "[Container] " + text + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        midLine = false;
    }

    /** Like {@link #line} when the build is failing anyway: a log we cannot write must not hide the first error. */
    void lineQuietly(String text) {
        try {
            line(text);
        } catch (IOException ignored) {
            // the result still carries the message
        }
    }

    /** A command's output: kept up to the cap, counted and dropped after it. */
    synchronized void output(byte[] bytes, int length) throws IOException {
        int keep = (int) Math.min(length, Math.max(0, cap - kept));
        if (keep > 0) {
            out.write(bytes, 0, keep);
            kept += keep;
            midLine = bytes[keep - 1] != '\n';
        }
        dropped += length - keep;
    }

    /**
     * Copies a command's output into the log, on a thread of its own, until every process holding it has closed
     * it.
     */
    Thread drain(InputStream commandOutput, String name) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[CHUNK];
            try (commandOutput) {
                for (int read = commandOutput.read(buffer); read >= 0; read = commandOutput.read(buffer)) {
                    output(buffer, read);
                }
            } catch (IOException e) {
                // the process is gone or the log closed: nothing more to copy
            }
        }, name);
        pump.setDaemon(true);
        pumps.add(pump);
        pump.start();
        return pump;
    }

    /** Once, when the build ends: how much of the output was dropped, if any was. */
    synchronized void noteDropped() {
        if (dropped > 0 && !noted) {
            noted = true;
            lineQuietly("Output over the log's cap of " + size(cap) + " dropped: " + dropped + " bytes");
        }
    }

    /** The last {@code count} lines this build wrote, each cut to a readable length. */
    List<String> tail(int count) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(start, in.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
            if (from > start && lines.size() > 1) {
                lines = lines.subList(1, lines.size()); // the first line was cut in the middle
            }
            return lines.subList(Math.max(0, lines.size() - count), lines.size()).stream()
                    .map(line -> line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + " ...")
                    .toList();
        } catch (IOException e) {
            return List.of("(the build log " + file + " cannot be read: " + e.getMessage() + ")");
        }
    }

    /**
     * Waits (a little) for the output still being copied, then closes the file. Output that a process the build
     * could not stop still holds is not waited for.
     */
    void close() {
        pumps.forEach(BuildLog::awaitDrained);
        synchronized (this) {
            try {
                out.close();
            } catch (IOException ignored) {
                // written with every call; nothing is left in a buffer
            }
        }
    }

    /** Waits (a little) until a command's output has ended. */
    static void awaitDrained(Thread pump) {
        try {
            pump.join(OUTPUT_PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String size(long bytes) {
        long mb = 1024 * 1024;
        if (bytes % mb == 0) {
            return bytes / mb + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
