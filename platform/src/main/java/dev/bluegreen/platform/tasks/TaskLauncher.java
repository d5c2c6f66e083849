package dev.bluegreen.platform.tasks;

import dev.bluegreen.platform.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Starts a task's process on a free loopback port, its output appended to {@code logs/<service>/<task-id>.log},
 * and records it in a pid file in {@code run/}, so that the next platform can stop it if we die without doing so.
 */
final class TaskLauncher {

    /** The launched task; or, when its process could not start, an EXITED task without one, and why. */
    record Launch(Task task, Optional<String> failure) {
    }

    private final Path logsDir;
    private final Path runDir;
    private final FreePorts ports;

    TaskLauncher(Path logsDir, Path runDir, FreePorts ports) {
        this.logsDir = logsDir;
        this.runDir = runDir;
        this.ports = ports;
    }

    Launch launch(String service, long seq, TaskDefinition definition, Instant now) {
        String id = service + "-" + seq;
        int port = ports.allocate();
        Path log = logsDir.resolve(service).resolve(id + ".log");
        try {
            PrivateFiles.directory(logsDir);
            PrivateFiles.directory(log.getParent());
            PrivateFiles.file(log); // the task appends to it, keeping its mode
            Process process = builder(definition, id, port, log).start();
            PidFile.of(id, process.toHandle()).write(runDir);
            return new Launch(new Task(id, service, seq, port, definition, log, now, process), Optional.empty());
        } catch (IOException | UncheckedIOException e) {
            Task failed = new Task(id, service, seq, port, definition, log, now, null);
            failed.ended(TaskState.EXITED, -1);
            return new Launch(failed, Optional.of("cannot launch " + definition.command() + ": " + e.getMessage()));
        }
    }

    private static ProcessBuilder builder(TaskDefinition definition, String id, int port, Path log) {
        ProcessBuilder builder = new ProcessBuilder(definition.commandFor(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // stdin stays the default pipe, open as long as we live: its EOF tells the task we are gone
        builder.environment().putAll(definition.environment());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put(Supervisor.TASK_ID, id);
        builder.environment().put(Supervisor.EXIT_WITH_PARENT, "stdin");
        return builder;
    }
}
