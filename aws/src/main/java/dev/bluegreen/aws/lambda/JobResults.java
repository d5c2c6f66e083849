package dev.bluegreen.aws.lambda;

import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.FailureType;

/** What a job reports to the pipeline: done (with a summary), not done yet (a continuation token), or failed. */
final class JobResults {

    /** CodePipeline takes at most 2048 characters of summary or message. */
    private static final int MAX_TEXT = 2000;

    private final CodePipelineClient pipeline;

    JobResults(CodePipelineClient pipeline) {
        this.pipeline = pipeline;
    }

    void succeeded(JobEvent job, String summary) {
        pipeline.putJobSuccessResult(r -> r.jobId(job.jobId()).executionDetails(d -> d.summary(truncate(summary))));
    }

    /** The action is not finished: CodePipeline invokes the function again with {@code token}. */
    void continues(JobEvent job, String token, String summary, int percentComplete) {
        pipeline.putJobSuccessResult(r -> r.jobId(job.jobId()).continuationToken(token)
                .executionDetails(d -> d.summary(truncate(summary)).percentComplete(percentComplete)));
    }

    void failed(JobEvent job, String message) {
        pipeline.putJobFailureResult(r -> r.jobId(job.jobId())
                .failureDetails(d -> d.type(FailureType.JOB_FAILED).message(truncate(message))));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...";
    }
}
