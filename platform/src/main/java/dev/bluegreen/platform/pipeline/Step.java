package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import java.util.Optional;

/**
 * One stage's work. It only says what happened; the {@link StepRunner} decides whether that still counts (a newer
 * commit may have superseded the execution meanwhile) and records it.
 */
interface Step {

    /** Who the pipeline's own changes are by, in the event log and towards the runtime. */
    String ACTOR = "pipeline";

    Stage stage();

    /** The event that ends the stage, or empty when the execution now waits for a person. */
    Optional<PipelineEvent> run(StepContext context) throws InterruptedException;

    /** Work done through a port, which answers with an {@link Outcome}. */
    @FunctionalInterface
    interface PortCall {
        Outcome call() throws InterruptedException;
    }

    /**
     * The port's outcome as the stage's end. A port that throws fails its stage with the reason rather than the
     * whole execution as unexpected: a broken checkout or build is the stage's failure, told to the person.
     */
    static Optional<PipelineEvent> ending(Stage stage, PortCall work) throws InterruptedException {
        Outcome outcome;
        try {
            outcome = work.call();
        } catch (RuntimeException e) {
            outcome = Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return Optional.of(outcome.done() ? new PipelineEvent.Succeeded(stage, outcome.message())
                : new PipelineEvent.Failed(stage, outcome.message()));
    }
}
