package dev.bluegreen.platform.pipeline.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.io.FileUtils;

/**
 * One build from start to end: run the commands in order, stop at the first that fails, then publish the artifacts.
 * Artifacts are gathered in a hidden directory beside the final one and renamed into place in one step, so
 * {@code <artifacts root>/<tag>} either is complete or does not exist.
 */
final class BuildExecution {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BuildRequest request;
    private final BuildRunner.Settings settings;
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private final ProcessTree processes = new ProcessTree();
    private final Object lock = new Object();
    private boolean ended; // guarded by lock: published, or over in any other way
    private long startedAt;

    BuildExecution(BuildRequest request, BuildRunner.Settings settings) {
        this.request = request;
        this.settings = settings;
    }

    /** @return false when it is too late: the build already ended (successfully or not) */
    boolean cancel() {
        synchronized (lock) {
            if (ended) {
                return false;
            }
            cancelled.complete(null);
            return true;
        }
    }

    BuildResult run() {
        startedAt = System.nanoTime();
        BuildLog log;
        try {
            log = BuildLog.open(request.logFile(), settings.logCapBytes());
        } catch (IOException e) {
            markEnded();
            return new BuildResult(request.tag(), BuildOutcome.FAILED, "cannot write the build log "
                    + request.logFile() + ": " + e.getMessage(), null, null, List.of(), request.logFile(), null,
                    elapsed());
        }
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("bluegreen-build-" + request.tag() + "-");
            return attempt(log, scratch);
        } catch (IOException e) {
            log.lineQuietly("Build failed: " + e.getMessage());
            return end(log, BuildOutcome.FAILED, "build failed: " + e.getMessage(), null, null, null);
        } catch (RuntimeException e) {
            log.lineQuietly("Build failed unexpectedly: " + e);
            return end(log, BuildOutcome.FAILED, "build failed unexpectedly: " + e, null, null, null);
        } finally {
            markEnded();
            // what a command left running in the background ends with the build, as CodeBuild's container does
            processes.killAll(null);
            log.close();
            if (scratch != null) {
                FileUtils.deleteQuietly(scratch.toFile());
            }
        }
    }

    private BuildResult attempt(BuildLog log, Path scratchDir) throws IOException {
        if (Files.exists(request.artifactDir(), LinkOption.NOFOLLOW_LINKS)) {
            return alreadyBuilt(log);
        }
        if (!Files.isDirectory(request.sourceDir())) {
            String message = "the source directory " + request.sourceDir() + " does not exist";
            log.line("Build failed: " + message);
            return end(log, BuildOutcome.FAILED, message, null, null, null);
        }
        log.line("Build " + request.tag() + " of commit " + request.commitId() + " in " + request.sourceDir());
        BuildSandbox sandbox = settings.sandbox();
        BuildSandbox.Scratch scratch = new BuildSandbox.Scratch(Files.createDirectory(scratchDir.resolve("tmp")),
                Files.createDirectory(scratchDir.resolve("home")));
        ShellCommand.Context context = new ShellCommand.Context(sandbox, request.sourceDir(), scratch,
                BuildEnvironment.of(settings.environment(), request, sandbox.inside(scratch)), log, processes);
        long deadline = startedAt + request.timeout().toNanos();
        for (BuildCommand command : request.buildspec().commands()) {
            if (cancelled.isDone()) {
                return stopped(log, BuildOutcome.CANCELLED, null);
            }
            log.line("Running command " + command.command());
            ShellCommand.Result result = ShellCommand.run(command.command(), context, deadline, cancelled);
            switch (result.ending()) {
                case TIMED_OUT -> {
                    return stopped(log, BuildOutcome.TIMED_OUT, command);
                }
                case CANCELLED -> {
                    return stopped(log, BuildOutcome.CANCELLED, command);
                }
                case EXITED -> {
                    if (result.exitCode() != 0) {
                        log.line("Command did not exit successfully " + command.command() + " exit status "
                                + result.exitCode());
                        return end(log, BuildOutcome.FAILED, "command \"" + command.command() + "\" (phase "
                                + command.phase().key() + ") failed with exit code " + result.exitCode(), command,
                                result.exitCode(), null);
                    }
                }
            }
        }
        return publish(log);
    }

    private BuildResult publish(BuildLog log) throws IOException {
        Path root = request.artifactsRoot();
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, ".building-" + request.tag() + "-");
        try {
            int files = ArtifactCollector.collect(request.sourceDir(), request.buildspec().artifacts(), staging,
                    root);
            Files.writeString(staging.resolve("build.json"), buildJson());
            synchronized (lock) {
                if (cancelled.isDone()) {
                    return stopped(log, BuildOutcome.CANCELLED, null);
                }
                Files.move(staging, request.artifactDir(), StandardCopyOption.ATOMIC_MOVE);
                ended = true;
            }
            String message = "build " + request.tag() + " succeeded: " + files + (files == 1 ? " file" : " files")
                    + " in " + request.artifactDir();
            log.line(message);
            return end(log, BuildOutcome.SUCCEEDED, message, null, null, request.artifactDir());
        } catch (BuildFailure e) {
            log.line("Build failed: " + e.getMessage());
            return end(log, BuildOutcome.FAILED, e.getMessage(), null, null, null);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            return alreadyBuilt(log); // another build of the same tag published first
        } finally {
            FileUtils.deleteQuietly(staging.toFile()); // a leftover hidden .building-* directory is harmless
        }
    }

    private String buildJson() throws JsonProcessingException {
        return "{\"tag\": " + JSON.writeValueAsString(request.tag()) + "}\n";
    }

    private BuildResult alreadyBuilt(BuildLog log) {
        String message = "artifacts for tag " + request.tag() + " already exist at " + request.artifactDir()
                + "; every build needs a new tag";
        log.lineQuietly("Build refused: " + message);
        return end(log, BuildOutcome.FAILED, message, null, null, null);
    }

    private BuildResult stopped(BuildLog log, BuildOutcome outcome, BuildCommand command) {
        String message = outcome == BuildOutcome.TIMED_OUT ? "timed out after " + seconds(request.timeout())
                : "cancelled";
        if (command != null) {
            message += " in command \"" + command.command() + "\" (phase " + command.phase().key() + ")";
        }
        log.lineQuietly("Build " + message);
        return end(log, outcome, "build " + message, command, null, null);
    }

    private BuildResult end(BuildLog log, BuildOutcome outcome, String message, BuildCommand command,
            Integer exitCode, Path artifactDir) {
        log.noteDropped();
        return new BuildResult(request.tag(), outcome, message, command, exitCode, log.tail(BuildRunner.TAIL_LINES),
                log.file(), artifactDir, elapsed());
    }

    private void markEnded() {
        synchronized (lock) {
            ended = true;
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

}
