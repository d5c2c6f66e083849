package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.util.Optional;

/** Flip: exactly the approved build to production (the runtime refuses if the test side no longer holds it). */
final class FlipStep implements Step {

    private final Deployments deployments;

    FlipStep(Deployments deployments) {
        this.deployments = deployments;
    }

    @Override
    public Stage stage() {
        return Stage.FLIP;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) throws InterruptedException {
        return Step.ending(Stage.FLIP, () -> deployments.promote(context.tag(), ACTOR));
    }
}
