package dev.bluegreen.platform.pipeline.build;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one buildspec command as CodeBuild does: its own shell, in the source directory, its output into the log. */
final class ShellCommand {

    enum Ending { EXITED, TIMED_OUT, CANCELLED }

    record Result(Ending ending, int exitCode) {
    }

    private ShellCommand() {
    }

    /**
     * @param deadline  {@link System#nanoTime()} by which the build must be done
     * @param cancelled completes when the build is to stop
     */
    static Result run(String command, Path dir, Map<String, String> env, Path log, long deadline,
            CompletableFuture<Void> cancelled, ProcessTree processes) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ProcessTree.shellCommandLine(command))
                .directory(dir.toFile())
                // a command that reads its input would otherwise wait for ever
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.started(process);
        try {
            CompletableFuture.anyOf(process.onExit(), cancelled)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the deadline passed: stopped below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled.complete(null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for a command failed", e);
        }
        if (!process.isAlive()) {
            return new Result(Ending.EXITED, process.exitValue());
        }
        processes.killAll(process);
        awaitReaped(process);
        return new Result(cancelled.isDone() ? Ending.CANCELLED : Ending.TIMED_OUT, -1);
    }

    private static void awaitReaped(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
