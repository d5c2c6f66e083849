package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Review: a person approves or rejects; the step itself only sets the timeout that rejects an undecided review.
 * The timeout counts from when the review started, so that after a restart it does not start over.
 */
final class ReviewStep implements Step {

    /** How the timeout rejects: the same way a person does, so a decided review simply refuses it. */
    @FunctionalInterface
    interface Rejecter {
        Outcome reject(long id, String reason, String actor);
    }

    private final PipelineScheduler scheduler;
    private final Duration timeout;
    private final Clock clock;
    private final Rejecter rejecter;

    /** @param timeout null: a review waits for as long as it takes */
    ReviewStep(PipelineScheduler scheduler, Duration timeout, Clock clock, Rejecter rejecter) {
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.clock = clock;
        this.rejecter = rejecter;
    }

    @Override
    public Stage stage() {
        return Stage.REVIEW;
    }

    @Override
    public Optional<PipelineEvent> run(StepContext context) {
        scheduleTimeout(context.execution());
        return Optional.empty();
    }

    void scheduleTimeout(Execution execution) {
        if (timeout == null) {
            return;
        }
        Duration left = Duration.between(clock.instant(), execution.stage(Stage.REVIEW).startedAt().plus(timeout));
        scheduler.after(left, () -> rejecter.reject(execution.id(), "no review within " + timeout.toMinutes()
                + " min", "review-timeout"));
    }
}
