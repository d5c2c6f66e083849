package dev.bluegreen.aws.release;

import dev.bluegreen.aws.AwsException;
import java.util.Optional;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionState;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineStateResponse;
import software.amazon.awssdk.services.codepipeline.model.StageState;

/**
 * What the approver wrote when approving this execution's build: the Review action's latest execution summary, from
 * GetPipelineState (one call, and the Release stage holds one execution at a time, so its Review is this execution's
 * as long as the stage's latest execution is this one, which is checked).
 */
public final class ApprovalComment {

    /** The stage and action in pipeline.yaml. */
    public static final String STAGE = "Release";
    public static final String ACTION = "Review";

    private final CodePipelineClient pipeline;

    public ApprovalComment(CodePipelineClient pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * The comment of the approval of execution {@code executionId} of {@code pipelineName}; empty when it has none.
     *
     * @throws AwsException when the Release stage runs another execution (the comment would be someone else's)
     */
    public Optional<String> of(String pipelineName, String executionId) {
        GetPipelineStateResponse state = pipeline.getPipelineState(r -> r.name(pipelineName));
        StageState stage = state.stageStates().stream().filter(s -> STAGE.equals(s.stageName())).findFirst()
                .orElseThrow(() -> new AwsException("pipeline '" + pipelineName + "' has no " + STAGE + " stage"));
        String running = stage.latestExecution() == null ? null : stage.latestExecution().pipelineExecutionId();
        if (!executionId.equals(running)) {
            throw new AwsException("cannot read the approval of execution " + executionId + ": the " + STAGE
                    + " stage of '" + pipelineName + "' runs " + (running == null ? "nothing" : running));
        }
        return stage.actionStates().stream().filter(a -> ACTION.equals(a.actionName())).findFirst()
                .map(ActionState::latestExecution).map(e -> e.summary()).filter(s -> !s.isBlank());
    }
}
