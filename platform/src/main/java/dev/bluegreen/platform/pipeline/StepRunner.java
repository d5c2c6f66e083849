package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.Transitions;
import dev.bluegreen.platform.state.PlatformStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an execution's stages one after the other, from where it is, until it ends or waits for a person. Each
 * step's result counts only if the execution is still at that step's stage: a newer commit may have superseded it
 * while the step ran. A stage that a newer commit may end is not started when one is waiting, and a deploy is not
 * started while a release shifts production in steps ({@link DeployGate}).
 */
final class StepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    private final PlatformStore store;
    private final ExecutionRecorder recorder;
    private final Superseder superseder;
    private final WorkDirs workDirs;
    private final DeployGate gate;
    private final Map<Stage, Step> steps = new EnumMap<>(Stage.class);

    StepRunner(PlatformStore store, ExecutionRecorder recorder, Superseder superseder, WorkDirs workDirs,
               DeployGate gate, List<Step> steps) {
        this.store = store;
        this.gate = gate;
        this.recorder = recorder;
        this.superseder = superseder;
        this.workDirs = workDirs;
        steps.forEach(step -> this.steps.put(step.stage(), step));
        if (this.steps.size() != Stage.values().length) {
            throw new IllegalArgumentException("one step per stage, got " + this.steps.keySet());
        }
    }

    /** On the pipeline's worker. */
    void run(long id) {
        Optional<Execution> started = store.execution(id);
        BooleanSupplier cancelled = superseder.cancelled(id);
        boolean waitsToDeploy = false;
        try {
            for (Optional<Execution> now = unfinished(id); now.isPresent(); now = unfinished(id)) {
                if (superseder.supersedeIfNewer(id)) {
                    return;
                }
                Step step = steps.get(now.get().currentStage());
                if (step.stage() == Stage.DEPLOY && !gate.mayDeploy(id)) {
                    waitsToDeploy = true; // a release shifts production in steps: this deploy goes on once it ends
                    return;
                }
                Optional<PipelineEvent> event = step.run(new StepContext(now.get(), cancelled));
                if (event.isEmpty() || !applyIfStillAt(id, step.stage(), event.get())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("execution #{} failed unexpectedly", id, e);
            fail(id, "unexpected failure: " + e);
        } finally {
            if (!waitsToDeploy) {
                superseder.forget(id);
                // the checkout is the build's and the checks' input only: it is not needed any more
                started.ifPresent(execution -> workDirs.delete(execution.tag()));
            }
            gate.reopenIfFree();
        }
    }

    private Optional<Execution> unfinished(long id) {
        return store.execution(id).filter(e -> !e.isFinal());
    }

    private boolean applyIfStillAt(long id, Stage stage, PipelineEvent event) {
        return recorder.locked(() -> {
            Optional<Execution> now = unfinished(id).filter(e -> e.currentStage() == stage);
            now.ifPresent(execution -> recorder.apply(execution, event));
            return now.isPresent();
        });
    }

    /** A bug or a broken disk, not a stage's own failure: the execution ends, recorded as such. */
    private void fail(long id, String message) {
        recorder.locked(() -> unfinished(id).ifPresent(e -> {
            PipelineEvent event = Transitions.allows(e, PipelineEvent.Kind.FAIL)
                    ? new PipelineEvent.Failed(e.currentStage(), message) : new PipelineEvent.Interrupted(message);
            if (Transitions.allows(e, event.kind())) {
                recorder.apply(e, event, EventType.PIPELINE_FAILED);
            }
        }));
    }
}
