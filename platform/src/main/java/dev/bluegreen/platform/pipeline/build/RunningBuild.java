package dev.bluegreen.platform.pipeline.build;

import java.util.concurrent.CompletableFuture;

/** A build that {@link BuildRunner#start started}: its result to come, and the way to stop it. */
public final class RunningBuild {

    private final String tag;
    private final BuildExecution execution;
    private final CompletableFuture<BuildResult> result;

    RunningBuild(String tag, BuildExecution execution, CompletableFuture<BuildResult> result) {
        this.tag = tag;
        this.execution = execution;
        this.result = result;
    }

    public String tag() {
        return tag;
    }

    /**
     * Completes when the build has ended and every process it started is gone. It completes with a result (also
     * for a failed, timed-out or cancelled build), never exceptionally for a build's own failure. A copy: cancelling
     * it does not stop the build, {@link #cancel()} does.
     */
    public CompletableFuture<BuildResult> result() {
        return result.copy();
    }

    /** Waits for the result. */
    public BuildResult await() {
        return result.join();
    }

    /**
     * Asks the build to stop, e.g. because a newer commit superseded it: the running command and everything it
     * started are killed, no artifact directory is published, and the result says {@link BuildOutcome#CANCELLED}.
     * Returns at once; {@link #result()} completes when the processes are gone.
     *
     * @return false when the build had already ended (its result stands)
     */
    public boolean cancel() {
        return execution.cancel();
    }

    public boolean isDone() {
        return result.isDone();
    }
}
