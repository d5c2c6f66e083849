package dev.bluegreen.platform.pipeline.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs builds as CodeBuild does, on this machine: each command of the buildspec in its own {@code bash -c}, in the
 * source directory, in order, in the {@link BuildSandbox} (bubblewrap where it runs), with the environment of
 * {@link BuildEnvironment}: an allow-list of this process's, a home and a temporary directory of the build's own,
 * the buildspec's {@code env.variables}, then {@code CODEBUILD_RESOLVED_SOURCE_VERSION} and {@code BLUEGREEN_COMMIT}
 * (the commit), {@code CODEBUILD_BUILD_ID} and {@code BLUEGREEN_TAG} (the tag) and {@code CODEBUILD_SRC_DIR}. Output
 * goes to the build log, after a line {@code [Container] Running command <command>} per command, up to the log's
 * cap. The build stops at the first command that exits non-zero, at the timeout, or when cancelled, killing every
 * process it started. Then the files matching {@code artifacts.files} are copied to {@code <artifacts root>/<tag>/}
 * with a {@code build.json} {@code {"tag": "<tag>"}}; that directory appears complete or not at all, and a tag that
 * already has one is refused.
 *
 * <p>{@link #close()} cancels the builds still running, so none outlives the platform.
 */
public final class BuildRunner implements AutoCloseable {

    /** How many of the log's last lines a result carries. */
    public static final int TAIL_LINES = 20;
    /** How much of its commands' output a build's log keeps by default: 10 MB. */
    public static final long DEFAULT_LOG_CAP = 10L * 1024 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /**
     * How builds run.
     *
     * @param sandbox     what the commands can reach
     * @param environment the platform's environment, which the build's allow-list picks from
     * @param logCapBytes how many bytes of its commands' output a build's log keeps; the rest is dropped
     */
    public record Settings(BuildSandbox sandbox, Map<String, String> environment, long logCapBytes) {

        public Settings {
            Objects.requireNonNull(sandbox, "sandbox");
            environment = Map.copyOf(environment);
            if (logCapBytes < 1) {
                throw new IllegalArgumentException("a build log's cap must be at least 1 byte, got " + logCapBytes);
            }
        }

        /**
         * This process's environment, the 10 MB cap, and bubblewrap if it runs here.
         *
         * @param hidden see {@link BuildSandbox#detect}
         */
        public static Settings detect(Collection<Path> hidden) {
            return new Settings(BuildSandbox.detect(System.getenv(), hidden), System.getenv(), DEFAULT_LOG_CAP);
        }

        /** Without the environment's values: they may be secrets. */
        @Override
        public String toString() {
            return "Settings[sandbox=" + sandbox + ", environment=" + environment.size() + " variables, logCapBytes="
                    + logCapBytes + "]";
        }

        public Settings withLogCap(long bytes) {
            return new Settings(sandbox, environment, bytes);
        }

        public Settings withEnvironment(Map<String, String> platformEnvironment) {
            return new Settings(sandbox, platformEnvironment, logCapBytes);
        }
    }

    private final Settings settings;
    private final Set<RunningBuild> running = ConcurrentHashMap.newKeySet();

    public BuildRunner(Settings settings) {
        this.settings = settings;
    }

    /** Where builds run here: bubblewrap if it runs, else unsandboxed; this process's environment; 10 MB logs. */
    public BuildRunner() {
        this(Settings.detect(List.of()));
    }

    public BuildSandbox sandbox() {
        return settings.sandbox();
    }

    /** Starts a build on a thread of its own and returns at once. */
    public RunningBuild start(BuildRequest request) {
        BuildExecution execution = new BuildExecution(request, settings);
        CompletableFuture<BuildResult> result = new CompletableFuture<>();
        RunningBuild build = new RunningBuild(request.tag(), execution, result);
        running.add(build);
        Thread thread = new Thread(() -> {
            try {
                result.complete(execution.run());
            } catch (Throwable unexpected) {
                result.completeExceptionally(unexpected);
            } finally {
                running.remove(build);
            }
        }, "build-" + request.tag());
        thread.setDaemon(true);
        thread.start();
        return build;
    }

    /** Runs a build and waits for its result. */
    public BuildResult run(BuildRequest request) {
        return start(request).await();
    }

    /** Cancels the builds still running and waits (up to 10 s) until their processes are gone. */
    @Override
    public void close() {
        running.forEach(RunningBuild::cancel);
        for (RunningBuild build : running) {
            try {
                build.result().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // it ended badly or slowly; there is nothing more to stop from here
            }
        }
    }
}
