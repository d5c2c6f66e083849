package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Source: the commit's tree into the execution's work directory, for the build. */
final class SourceStep implements Step {

    private final Source source;
    private final WorkDirs workDirs;

    SourceStep(Source source, WorkDirs workDirs) {
        this.source = source;
        this.workDirs = workDirs;
    }

    @Override
    public Stage stage() {
        return Stage.SOURCE;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) throws InterruptedException {
        return Step.ending(Stage.SOURCE, () -> checkout(context));
    }

    private Outcome checkout(StepContext context) {
        Path into;
        try {
            into = workDirs.fresh(context.tag());
        } catch (IOException e) {
            return Outcome.failed("cannot create " + workDirs.of(context.tag()) + ": " + e.getMessage());
        }
        Commit commit = context.execution().commit();
        source.checkout(commit.id(), into);
        return Outcome.done("commit " + commit.shortId() + " by " + commit.author() + ": " + commit.subject());
    }
}
