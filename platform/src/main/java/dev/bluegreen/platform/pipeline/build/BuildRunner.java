package dev.bluegreen.platform.pipeline.build;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs builds as CodeBuild does, on this machine: each command of the buildspec in its own {@code bash -c}, in the
 * source directory, in order, with the environment of this process plus the buildspec's {@code env.variables} plus
 * {@code CODEBUILD_RESOLVED_SOURCE_VERSION} and {@code BLUEGREEN_COMMIT} (the commit), {@code CODEBUILD_BUILD_ID}
 * and {@code BLUEGREEN_TAG} (the tag) and {@code CODEBUILD_SRC_DIR}. Output goes to the build log, after a line
 * {@code [Container] Running command <command>} per command. The build stops at the first command that exits
 * non-zero, at the timeout, or when cancelled, killing every process it started. Then the files matching
 * {@code artifacts.files} are copied to {@code <artifacts root>/<tag>/} with a {@code build.json}
 * {@code {"tag": "<tag>"}}; that directory appears complete or not at all, and a tag that already has one is
 * refused.
 *
 * <p>{@link #close()} cancels the builds still running, so none outlives the platform.
 */
public final class BuildRunner implements AutoCloseable {

    /** How many of the log's last lines a result carries. */
    public static final int TAIL_LINES = 20;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Set<RunningBuild> running = ConcurrentHashMap.newKeySet();

    /** Starts a build on a thread of its own and returns at once. */
    public RunningBuild start(BuildRequest request) {
        BuildExecution execution = new BuildExecution(request);
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
