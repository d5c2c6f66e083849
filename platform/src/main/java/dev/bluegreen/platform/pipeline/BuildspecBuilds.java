package dev.bluegreen.platform.pipeline;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.appconfig.checks.ChecksFile;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.platform.pipeline.build.AppTaskDefinition;
import dev.bluegreen.platform.pipeline.build.BuildRequest;
import dev.bluegreen.platform.pipeline.build.BuildResult;
import dev.bluegreen.platform.pipeline.build.BuildRunner;
import dev.bluegreen.platform.pipeline.build.Buildspec;
import dev.bluegreen.platform.pipeline.build.RunningBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The Build stage: the commit's {@code buildspec.yml} run by the {@link BuildRunner}; a build whose artifacts lack a
 * valid {@code taskdef.json}, or whose {@code checks.yml} cannot be run, fails here, naming the field, rather than
 * after it was deployed.
 */
public final class BuildspecBuilds implements Builds {

    private static final long CANCEL_POLL_MS = 100;

    private final BuildRunner runner;
    private final Path artifactsRoot;
    private final Duration timeout;

    public BuildspecBuilds(BuildRunner runner, Path artifactsRoot, Duration timeout) {
        this.runner = runner;
        this.artifactsRoot = artifactsRoot;
        this.timeout = timeout;
    }

    @Override
    public Outcome build(Path source, String tag, String commitId, Path log, BooleanSupplier cancelled)
            throws InterruptedException {
        Buildspec buildspec;
        try {
            buildspec = Buildspec.read(source.resolve(Buildspec.FILE_NAME));
        } catch (AppConfigException e) {
            return Outcome.failed(e.getMessage());
        }
        RunningBuild build = runner.start(new BuildRequest(source, buildspec, tag, commitId, artifactsRoot, log,
                timeout));
        while (!build.isDone()) {
            if (cancelled.getAsBoolean()) {
                build.cancel();
            }
            try {
                build.result().get(CANCEL_POLL_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ignored) {
                // still running (or done: the loop ends)
            }
        }
        BuildResult result = build.await();
        if (!result.succeeded()) {
            return Outcome.failed(result.message() + (result.outputTail().isEmpty() ? ""
                    : "\n" + String.join("\n", result.outputTail())));
        }
        Path taskdef = result.artifacts().orElseThrow().resolve(AppTaskDefinition.FILE_NAME);
        if (!Files.isRegularFile(taskdef)) {
            return Outcome.failed("the build's artifacts have no " + AppTaskDefinition.FILE_NAME
                    + ": the deploy stage needs one (see the sample app)");
        }
        try {
            AppTaskDefinition.read(taskdef);
            // checks that cannot run fail the build, before anything is deployed
            Path checks = source.resolve(ChecksFile.FILE_NAME);
            if (Files.isRegularFile(checks)) {
                ChecksFile.read(checks);
            }
        } catch (AppConfigException e) {
            return Outcome.failed(e.getMessage());
        }
        return Outcome.done("built " + tag + " in " + result.duration().toMillis() + " ms; artifacts in "
                + result.artifacts().orElseThrow());
    }
}
