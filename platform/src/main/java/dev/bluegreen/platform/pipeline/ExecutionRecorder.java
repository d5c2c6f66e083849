package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.platform.state.PlatformStore;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes executions' transitions: the execution, the event that says where it now is and the metrics, together.
 * Its lock makes "read, check the state allows it, save" one step: the worker, a person's request and a timer
 * may all move the same execution at once, and only one of them may win.
 */
final class ExecutionRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRecorder.class);

    private final Object lock = new Object();
    private final PlatformStore store;
    private final PipelineMetrics metrics;
    private final Clock clock;

    ExecutionRecorder(PlatformStore store, PipelineMetrics metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    <T> T locked(Supplier<T> work) {
        synchronized (lock) {
            return work.get();
        }
    }

    void locked(Runnable work) {
        synchronized (lock) {
            work.run();
        }
    }

    /**
     * A new execution for the commit (the pipeline's first run, or not), with who asked for it. Under
     * {@link #locked}.
     */
    Execution create(Commit commit, String actor, boolean firstRun) {
        long id = store.nextExecutionId();
        Execution execution = firstRun ? Execution.firstRun(id, commit, clock.instant())
                : Execution.start(id, commit, clock.instant());
        store.saveExecution(execution, Event.of(clock.instant(), actor, EventType.EXECUTION_STARTED,
                execution.id(), execution.tag(), commit.shortId(), commit.author(), commit.subject()));
        return execution;
    }

    /** Under {@link #locked}, with {@code execution} as just read. */
    Execution apply(Execution execution, PipelineEvent event) {
        return apply(execution, event, event.eventType());
    }

    /** The same, recorded as {@code type} rather than as the event's own type. */
    Execution apply(Execution execution, PipelineEvent event, EventType type) {
        Execution after = execution.apply(event, clock.instant());
        metrics.transition(execution, after, type);
        store.saveExecution(after, Event.of(clock.instant(), Step.ACTOR, type, after.describe()));
        LOG.info("{}", after.describe());
        return after;
    }
}
