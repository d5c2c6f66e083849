package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.util.Optional;

/**
 * Check: the app's checks against the build on the test side, before anyone is asked to approve it; their output
 * follows the build's in the tag's log. Production is not touched.
 */
final class CheckStep implements Step {

    private final Checks checks;
    private final WorkDirs workDirs;
    private final BuildLogs logs;

    CheckStep(Checks checks, WorkDirs workDirs, BuildLogs logs) {
        this.checks = checks;
        this.workDirs = workDirs;
        this.logs = logs;
    }

    @Override
    public Stage stage() {
        return Stage.CHECK;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) throws InterruptedException {
        String tag = context.tag();
        return Step.ending(Stage.CHECK, () -> checks.run(workDirs.of(tag), tag, context.execution().commit().id(),
                logs.of(tag), context.cancelled()));
    }
}
