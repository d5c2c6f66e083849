package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Transitions;
import dev.bluegreen.platform.state.PlatformStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * What a newer commit does to older executions ({@link Transitions} says which it may supersede), and the flags
 * that tell a build or a deploy in progress that its execution was superseded, so that it stops early.
 */
final class Superseder {

    private final Map<Long, AtomicBoolean> cancelled = new ConcurrentHashMap<>();
    private final PlatformStore store;
    private final ExecutionRecorder recorder;

    Superseder(PlatformStore store, ExecutionRecorder recorder) {
        this.store = store;
        this.recorder = recorder;
    }

    /** As {@code newer} is created, under the recorder's lock: it replaces what is building or under review. */
    void supersedeFor(Execution newer) {
        for (Execution older : store.activeExecutions()) {
            if (older.id() != newer.id() && Transitions.allows(older, PipelineEvent.Kind.SUPERSEDE)) {
                Optional.ofNullable(cancelled.get(older.id())).ifPresent(flag -> flag.set(true));
                recorder.apply(older, new PipelineEvent.Superseded(newer.id()));
            }
        }
        cancelled.put(newer.id(), new AtomicBoolean());
    }

    /**
     * Before each of execution {@code id}'s stages. A commit that arrived while it was deploying waited for the
     * deploy to finish; once the execution reaches a stage a newer commit may end (its checks, its review), it goes,
     * for the newer one is about to replace what the test side runs.
     *
     * @return whether it was superseded now
     */
    boolean supersedeIfNewer(long id) {
        return recorder.locked(() -> {
            Optional<Execution> execution = store.execution(id).filter(e -> !e.isFinal());
            Optional<Execution> newest = store.activeExecutions().stream().filter(e -> e.id() > id)
                    .reduce((first, second) -> second);
            if (execution.isEmpty() || newest.isEmpty()
                    || !Transitions.allows(execution.get(), PipelineEvent.Kind.SUPERSEDE)) {
                return false;
            }
            recorder.apply(execution.get(), new PipelineEvent.Superseded(newest.get().id()));
            return true;
        });
    }

    /** Whether a newer commit has superseded execution {@code id} since it was created. */
    BooleanSupplier cancelled(long id) {
        AtomicBoolean flag = cancelled.getOrDefault(id, new AtomicBoolean());
        return flag::get;
    }

    /** Once the execution's build and deploy are behind it: nothing is left to stop. */
    void forget(long id) {
        cancelled.remove(id);
    }

    /** The platform stops: every build and deploy in progress stops early. */
    void cancelAll() {
        cancelled.values().forEach(flag -> flag.set(true));
    }
}
