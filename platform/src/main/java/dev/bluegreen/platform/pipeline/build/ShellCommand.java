package dev.bluegreen.platform.pipeline.build;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one buildspec command as CodeBuild does: its own shell, in the source directory, its output into the log;
 * here in the build's sandbox, with the build's environment and nothing of the platform's.
 */
final class ShellCommand {

    enum Ending { EXITED, TIMED_OUT, CANCELLED }

    record Result(Ending ending, int exitCode) {
    }

    /** Where one build's commands run and write. */
    record Context(BuildSandbox sandbox, Path checkout, BuildSandbox.Scratch scratch, Map<String, String> env,
            BuildLog log, ProcessTree processes) {

        /** Without the environment's values: a buildspec's variables may be secrets. */
        @Override
        public String toString() {
            return "Context[" + sandbox + ", " + checkout + ", " + env.size() + " variables]";
        }
    }

    private ShellCommand() {
    }

    /**
     * @param deadline  {@link System#nanoTime()} by which the build must be done
     * @param cancelled completes when the build is to stop
     */
    static Result run(String command, Context context, long deadline, CompletableFuture<Void> cancelled)
            throws IOException {
        List<String> line = context.sandbox().commandLine(List.of("bash", "-c", command), context.checkout(),
                context.scratch());
        ProcessBuilder builder = new ProcessBuilder(ProcessTree.inSession(line))
                .directory(context.checkout().toFile())
                // a command that reads its input would otherwise wait for ever
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(context.env());
        Process process = builder.start();
        context.processes().started(process);
        Thread output = context.log().drain(process.getInputStream(), "build-output-" + process.pid());
        try {
            return await(process, context.processes(), deadline, cancelled);
        } finally {
            BuildLog.awaitDrained(output);
        }
    }

    private static Result await(Process process, ProcessTree processes, long deadline,
            CompletableFuture<Void> cancelled) {
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
