package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.platform.state.PlatformStore;
import java.util.Optional;

/**
 * Flip: exactly the approved build to production (the runtime refuses if the test side no longer holds it), all at
 * once, or in the judged steps of a canary or linear release ({@link ReleaseSteps}).
 */
final class FlipStep implements Step {

    private final Deployments deployments;
    private final PlatformStore store;
    private final ReleaseSteps steps;

    FlipStep(Deployments deployments, PlatformStore store, ReleaseSteps steps) {
        this.deployments = deployments;
        this.store = store;
        this.steps = steps;
    }

    @Override
    public Stage stage() {
        return Stage.FLIP;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) throws InterruptedException {
        long id = context.execution().id();
        if (store.release(id).filter(ReleaseProgress::stepped).isPresent()) {
            return steps.run(id);
        }
        return Step.ending(Stage.FLIP, () -> deployments.promote(context.tag(), ACTOR));
    }
}
