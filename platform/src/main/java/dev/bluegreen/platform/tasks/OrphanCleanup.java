package dev.bluegreen.platform.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Stops the processes that a previous platform, killed before it could stop them, left behind: their pid files are
 * still in {@code run/}. A pid that now belongs to another process is left alone; every such pid file is deleted.
 */
final class OrphanCleanup {

    private final Path runDir;
    private final Duration grace;
    private final Predicate<String> owned;

    /** {@code owned} tells the tasks of this supervisor, whose pid files are not orphans'. */
    OrphanCleanup(Path runDir, Duration grace, Predicate<String> owned) {
        this.runDir = runDir;
        this.grace = grace;
        this.owned = owned;
    }

    List<Orphan> run() {
        List<Orphan> done = new ArrayList<>();
        for (Path file : pidFiles()) {
            String name = file.getFileName().toString();
            String taskId = name.substring(0, name.length() - PidFile.SUFFIX.length());
            if (owned.test(taskId)) {
                continue;
            }
            Optional<PidFile> pidFile = PidFile.read(file);
            done.add(pidFile.map(this::cleanUp).orElse(new Orphan(taskId, -1, Orphan.Outcome.UNREADABLE)));
            PidFile.delete(runDir, taskId);
        }
        return done;
    }

    private List<Path> pidFiles() {
        try (Stream<Path> listing = Files.isDirectory(runDir) ? Files.list(runDir) : Stream.empty()) {
            return listing.filter(p -> p.getFileName().toString().endsWith(PidFile.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
    }

    private Orphan cleanUp(PidFile file) {
        Optional<ProcessHandle> process = ProcessHandle.of(file.pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return new Orphan(file.taskId(), file.pid(), Orphan.Outcome.ALREADY_GONE);
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (file.startInstant().isEmpty() || !file.startInstant().equals(started)) {
            return new Orphan(file.taskId(), file.pid(), Orphan.Outcome.PID_REUSED);
        }
        Termination.stop(process.get(), grace);
        return new Orphan(file.taskId(), file.pid(), Orphan.Outcome.KILLED);
    }
}
