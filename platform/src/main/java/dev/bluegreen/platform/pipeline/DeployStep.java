package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.util.Optional;

/** Deploy: the build onto the test side; production is not touched. */
final class DeployStep implements Step {

    private final Deployments deployments;

    DeployStep(Deployments deployments) {
        this.deployments = deployments;
    }

    @Override
    public Stage stage() {
        return Stage.DEPLOY;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) throws InterruptedException {
        return Step.ending(Stage.DEPLOY, () -> deployments.deploy(context.tag(), ACTOR, context.cancelled()));
    }
}
