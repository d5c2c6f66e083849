package dev.bluegreen.platform.pipeline;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.appconfig.release.ReleaseFile;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.platform.state.PlatformStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Build: the checkout built under the execution's tag, its output kept as the tag's build log. The app's
 * {@code release.yml} (if any) says how the build will be released; a broken one fails the build before it runs.
 */
final class BuildStep implements Step {

    private final Builds builds;
    private final WorkDirs workDirs;
    private final BuildLogs logs;
    private final PlatformStore store;

    BuildStep(Builds builds, WorkDirs workDirs, BuildLogs logs, PlatformStore store) {
        this.builds = builds;
        this.workDirs = workDirs;
        this.logs = logs;
        this.store = store;
    }

    @Override
    public Stage stage() {
        return Stage.BUILD;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) throws InterruptedException {
        String tag = context.tag();
        ReleaseProgress release;
        try {
            release = release(workDirs.of(tag));
        } catch (AppConfigException e) {
            return Optional.of(new PipelineEvent.Failed(Stage.BUILD, e.getMessage()));
        }
        Optional<PipelineEvent> built = Step.ending(Stage.BUILD, () -> builds.build(workDirs.of(tag), tag,
                context.execution().commit().id(), logs.of(tag), context.cancelled()));
        if (built.orElseThrow() instanceof PipelineEvent.Succeeded succeeded) {
            store.saveRelease(context.execution().id(), release);
            return Optional.of(new PipelineEvent.Succeeded(Stage.BUILD, succeeded.message() + "; released "
                    + release.strategy().describe() + " (" + release.chosenBy() + ")"));
        }
        return built;
    }

    private static ReleaseProgress release(Path checkout) {
        Path file = checkout.resolve(ReleaseFile.FILE_NAME);
        return Files.isRegularFile(file) ? ReleaseProgress.of(ReleaseFile.read(file), ReleaseProgress.APP_FILE)
                : ReleaseProgress.allAtOnce();
    }
}
