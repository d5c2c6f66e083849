package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Review: a person approves or rejects. The step makes the test side ready to take production at full size while
 * the review waits (so that an approval moves production at once), and sets the timeout that rejects an undecided
 * review; the timeout counts from when the review started, so that after a restart it does not start over.
 */
final class ReviewStep implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewStep.class);

    /** How the timeout rejects: the same way a person does, so a decided review simply refuses it. */
    @FunctionalInterface
    interface Rejecter {
        Outcome reject(long id, String reason, String actor);
    }

    private final PipelineScheduler scheduler;
    private final Deployments deployments;
    private final Duration timeout;
    private final Clock clock;
    private final Rejecter rejecter;

    /** @param timeout null: a review waits for as long as it takes */
    ReviewStep(PipelineScheduler scheduler, Deployments deployments, Duration timeout, Clock clock,
               Rejecter rejecter) {
        this.scheduler = scheduler;
        this.deployments = deployments;
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
        try {
            deployments.ready(ACTOR);
        } catch (RuntimeException e) {
            // not ready early: the flip still scales the side up before production moves to it
            LOG.warn("execution #{}: the test side was not scaled up for the review: {}", context.execution().id(),
                    e.toString());
        }
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
