package dev.bluegreen.platform.pipeline.build;

import dev.bluegreen.platform.files.PrivateFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * A build's log file: our own {@code [Container]} lines, as in CodeBuild's logs, between the output the commands
 * append themselves. It may already hold earlier builds; the tail is only this build's.
 */
final class BuildLog {

    private static final int TAIL_BYTES = 64 * 1024;
    private static final int MAX_LINE = 500;

    private final Path file;
    private final long start;

    private BuildLog(Path file, long start) {
        this.file = file;
        this.start = start;
    }

    static BuildLog open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            PrivateFiles.directory(parent);
        }
        PrivateFiles.file(file);
        return new BuildLog(file, Files.size(file));
    }

    Path file() {
        return file;
    }

    void line(String text) throws IOException {
        Files.writeString(file, "[Container] " + text + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Like {@link #line} when the build is failing anyway: a log we cannot write must not hide the first error. */
    void lineQuietly(String text) {
        try {
            line(text);
        } catch (IOException ignored) {
            // the result still carries the message
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
}
