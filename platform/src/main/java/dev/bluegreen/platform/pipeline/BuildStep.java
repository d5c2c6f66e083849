package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.util.Optional;

/** Build: the checkout built under the execution's tag, its output kept as the tag's build log. */
final class BuildStep implements Step {

    private final Builds builds;
    private final WorkDirs workDirs;
    private final BuildLogs logs;

    BuildStep(Builds builds, WorkDirs workDirs, BuildLogs logs) {
        this.builds = builds;
        this.workDirs = workDirs;
        this.logs = logs;
    }

    @Override
    public Stage stage() {
        return Stage.BUILD;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) throws InterruptedException {
        String tag = context.tag();
        return Step.ending(Stage.BUILD, () -> builds.build(workDirs.of(tag), tag,
                context.execution().commit().id(), logs.of(tag), context.cancelled()));
    }
}
