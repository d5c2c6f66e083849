package dev.bluegreen.aws.release;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.util.Optional;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecution;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.ApprovalAlreadyCompletedException;
import software.amazon.awssdk.services.codepipeline.model.InvalidApprovalTokenException;
import software.amazon.awssdk.services.codepipeline.model.StageState;

/**
 * Approving the build that waits for review, from the command line: the Review action's open approval (its token from
 * GetPipelineState) answered with PutApprovalResult, its comment carrying the release strategy when one is chosen
 * ({@link ReleaseChoice#approvalComment}), which the Flip reads back.
 */
public final class Approval {

    /** CodePipeline keeps at most 512 characters of an approval's summary. */
    public static final int MAX_COMMENT = 512;

    private final CodePipelineClient pipeline;

    public Approval(CodePipelineClient pipeline) {
        this.pipeline = pipeline;
    }

    /** The comment that would be sent, checked against CodePipeline's limit. */
    public static String comment(Optional<ReleaseStrategy> strategy, String comment) {
        String text = ReleaseChoice.approvalComment(strategy, comment);
        if (text.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("the approval's comment is " + text.length() + " characters; "
                    + "CodePipeline keeps at most " + MAX_COMMENT);
        }
        return text;
    }

    /** Approves the review waiting in {@code pipelineName}; refused when none waits. */
    public Outcome approve(String pipelineName, Optional<ReleaseStrategy> strategy, String comment, String who) {
        String text = comment(strategy, comment == null || comment.isBlank() ? "approved by " + who : comment);
        StageState stage = pipeline.getPipelineState(r -> r.name(pipelineName)).stageStates().stream()
                .filter(s -> ApprovalComment.STAGE.equals(s.stageName())).findFirst().orElse(null);
        ActionExecution review = stage == null ? null : stage.actionStates().stream()
                .filter(a -> ApprovalComment.ACTION.equals(a.actionName())).findFirst()
                .map(a -> a.latestExecution()).orElse(null);
        if (review == null || review.status() != ActionExecutionStatus.IN_PROGRESS || review.token() == null) {
            return Outcome.refused("no build waits for review in pipeline " + pipelineName + " (its "
                    + ApprovalComment.ACTION + " action is " + (review == null ? "not run" : review.statusAsString())
                    + "); see bluegreen aws status");
        }
        String execution = stage.latestExecution() == null ? "?" : stage.latestExecution().pipelineExecutionId();
        try {
            pipeline.putApprovalResult(r -> r.pipelineName(pipelineName).stageName(ApprovalComment.STAGE)
                    .actionName(ApprovalComment.ACTION).token(review.token())
                    .result(a -> a.status("Approved").summary(text)));
        } catch (InvalidApprovalTokenException | ApprovalAlreadyCompletedException decided) {
            return Outcome.refused("the review of execution " + execution + " was decided meanwhile: "
                    + decided.awsErrorDetails().errorMessage());
        }
        return Outcome.done("approved execution " + execution + " of " + pipelineName + ": the Flip releases it "
                + strategy.map(s -> s.describe()).orElse("by the app's release.yml or the stack's ReleaseStrategy"));
    }
}
