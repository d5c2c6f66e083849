package dev.bluegreen.platform.pipeline.build;

import dev.bluegreen.appconfig.checks.HttpChecker;
import dev.bluegreen.core.check.Check;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.check.CommandCheck;
import dev.bluegreen.core.check.HttpCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.io.FileUtils;

/**
 * Runs an app's checks against the test side, one after the other, each within its time limit: a request
 * ({@link HttpChecker}); a command as the build's commands run ({@code bash -c} in the checkout, in the build's
 * sandbox, with the build's allow-listed environment and {@code $TEST_URL}, {@code $BLUEGREEN_TAG},
 * {@code $BLUEGREEN_COMMIT}), passing when it exits 0. What each does goes to the build's log; the checks' output
 * together keeps at most the build log's cap.
 */
public final class CheckRunner {

    private static final int OUTPUT_LINES = 10;
    private static final long CANCEL_POLL_MS = 100;

    private final BuildRunner.Settings settings;
    private final HttpChecker http = new HttpChecker();

    public CheckRunner(BuildRunner.Settings settings) {
        this.settings = settings;
    }

    /** One result per check, in order; once cancelled, the checks not run yet say so. */
    public List<CheckResult> run(List<Check> checks, CheckRequest request) throws InterruptedException {
        List<CheckResult> results = new ArrayList<>();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        Thread watcher = watch(request, cancelled);
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("bluegreen-checks-");
            BuildSandbox.Scratch dirs = new BuildSandbox.Scratch(Files.createDirectory(scratch.resolve("tmp")),
                    Files.createDirectory(scratch.resolve("home")));
            long logBudget = settings.logCapBytes(); // for all the checks together, as for all of a build's commands
            for (Check check : checks) {
                long before = size(request.logFile());
                results.add(cancelled.isDone() ? CheckResult.failed(check.name(), "not run: cancelled", List.of(),
                        Duration.ZERO) : one(check, request, dirs, cancelled, Math.max(0, logBudget)));
                logBudget -= size(request.logFile()) - before;
            }
            return results;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the checks' scratch directories: " + e.getMessage(), e);
        } finally {
            cancelled.complete(null);
            watcher.interrupt();
            if (scratch != null) {
                FileUtils.deleteQuietly(scratch.toFile());
            }
        }
    }

    private CheckResult one(Check check, CheckRequest request, BuildSandbox.Scratch scratch,
            CompletableFuture<Void> cancelled, long logCap) throws InterruptedException {
        BuildLog log;
        try {
            log = BuildLog.open(request.logFile(), logCap);
        } catch (IOException e) {
            return CheckResult.failed(check.name(), "cannot write the build log " + request.logFile() + ": "
                    + e.getMessage(), List.of(), Duration.ZERO);
        }
        long start = System.nanoTime();
        try {
            CheckResult result = check instanceof HttpCheck web ? http.check(web, request.testUrl(), log::lineQuietly)
                    : command((CommandCheck) check, request, scratch, log, cancelled, start);
            log.lineQuietly("Check '" + check.name() + "' " + (result.passed() ? "passed: " : "FAILED: ")
                    + result.detail());
            return result;
        } finally {
            log.noteDropped();
            log.close();
        }
    }

    private CheckResult command(CommandCheck check, CheckRequest request, BuildSandbox.Scratch scratch,
            BuildLog log, CompletableFuture<Void> cancelled, long start) {
        if (!Files.isDirectory(request.checkout())) {
            return CheckResult.failed(check.name(), "the build's checkout " + request.checkout() + " is gone",
                    List.of(), Duration.ZERO);
        }
        ProcessTree processes = new ProcessTree();
        BuildSandbox sandbox = settings.sandbox();
        ShellCommand.Context context = new ShellCommand.Context(sandbox, request.checkout(), scratch,
                BuildEnvironment.forChecks(settings.environment(), sandbox.inside(scratch), request.variables()), log,
                processes);
        try {
            log.line("Check '" + check.name() + "': running command " + check.command());
            ShellCommand.Result result = ShellCommand.run(check.command(), context,
                    start + check.timeout().toNanos(), cancelled);
            List<String> output = log.tail(OUTPUT_LINES + 2).stream()
                    .filter(line -> !line.startsWith("[Container] ")).toList();
            output = output.subList(Math.max(0, output.size() - OUTPUT_LINES), output.size());
            return switch (result.ending()) {
                case EXITED -> result.exitCode() == 0
                        ? CheckResult.passed(check.name(), "the command exited 0 in " + since(start).toMillis()
                                + " ms", since(start))
                        : CheckResult.failed(check.name(), "the command exited with code " + result.exitCode(),
                                output, since(start));
                case TIMED_OUT -> CheckResult.failed(check.name(), "the command did not finish within "
                        + HttpChecker.seconds(check.timeout()), output, since(start));
                case CANCELLED -> CheckResult.failed(check.name(), "cancelled", output, since(start));
            };
        } catch (IOException e) {
            return CheckResult.failed(check.name(), "the command could not run: " + e.getMessage(), List.of(),
                    since(start));
        } finally {
            // what it left running in the background ends with it, as a build's does
            processes.killAll(null);
        }
    }

    /** Completes {@code cancelled} once the request is cancelled; the thread ends when it is completed. */
    private static Thread watch(CheckRequest request, CompletableFuture<Void> cancelled) {
        Thread watcher = new Thread(() -> {
            try {
                while (!cancelled.isDone()) {
                    if (request.cancelled().getAsBoolean()) {
                        cancelled.complete(null);
                    }
                    Thread.sleep(CANCEL_POLL_MS);
                }
            } catch (InterruptedException e) {
                // the checks are over
            }
        }, "checks-cancel-watch");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
