package dev.bluegreen.platform.tasks;

import dev.bluegreen.platform.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * run/&lt;task-id&gt;.pid: a task's pid and its process start time. The start time is the fingerprint that keeps us
 * from killing a process that merely got a recycled pid.
 */
record PidFile(String taskId, long pid, Optional<Instant> startInstant) {

    static final String SUFFIX = ".pid";

    static PidFile of(String taskId, ProcessHandle process) {
        return new PidFile(taskId, process.pid(), process.info().startInstant());
    }

    static Path path(Path runDir, String taskId) {
        return runDir.resolve(taskId + SUFFIX);
    }

    void write(Path runDir) {
        String text = "pid=" + pid + "\nstart=" + startInstant.map(Instant::toString).orElse("unknown") + "\n";
        try {
            PrivateFiles.directory(runDir);
            PrivateFiles.write(path(runDir, taskId), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file of " + taskId + ": " + e.getMessage(), e);
        }
    }

    /** Empty when the file is unreadable or malformed. */
    static Optional<PidFile> read(Path file) {
        String name = file.getFileName().toString();
        String taskId = name.substring(0, name.length() - SUFFIX.length());
        try {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            long pid = Long.parseLong(p.getProperty("pid", "").trim());
            String start = p.getProperty("start", "unknown").trim();
            return Optional.of(new PidFile(taskId, pid,
                    start.equals("unknown") ? Optional.empty() : Optional.of(Instant.parse(start))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void delete(Path runDir, String taskId) {
        try {
            Files.deleteIfExists(path(runDir, taskId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the pid file of " + taskId + ": " + e.getMessage(), e);
        }
    }
}
