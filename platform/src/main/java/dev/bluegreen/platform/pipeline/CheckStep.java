package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.platform.state.PlatformStore;
import java.util.List;
import java.util.Optional;

/**
 * Check: the app's checks against the build on the test side, before anyone is asked to approve it; their output
 * follows the build's in the tag's log, and each check's result is kept with the execution. Production is not
 * touched.
 */
final class CheckStep implements Step {

    private final Checks checks;
    private final WorkDirs workDirs;
    private final BuildLogs logs;
    private final PlatformStore store;

    CheckStep(Checks checks, WorkDirs workDirs, BuildLogs logs, PlatformStore store) {
        this.checks = checks;
        this.store = store;
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
        return Step.ending(Stage.CHECK, () -> recorded(context.execution().id(), checks.run(workDirs.of(tag), tag,
                context.execution().commit().id(), logs.of(tag), context.cancelled())));
    }

    /** Each check's result, passed ones too, kept for the execution's view: the stage's sentence names the failed. */
    @SuppressWarnings("unchecked")
    private Outcome recorded(long id, Outcome outcome) {
        if (outcome.details().get(Checks.RESULTS) instanceof List<?> results) {
            store.saveCheckResults(id, (List<CheckResult>) results);
        }
        return outcome;
    }
}
