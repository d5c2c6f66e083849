package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.platform.state.PlatformStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * Deploys wait while a release shifts production in steps: the test side then serves a share of production, and a
 * newer build deployed there would replace it in the middle of its judgement. A waiting execution stays at its
 * Deploy stage, not yet started, and goes on once no release shifts any more.
 */
final class DeployGate {

    private final Set<Long> waiting = ConcurrentHashMap.newKeySet();
    private final PlatformStore store;
    private final Predicate<Execution> shifting;
    private final LongConsumer continueOnWorker;

    DeployGate(PlatformStore store, Predicate<Execution> shifting, LongConsumer continueOnWorker) {
        this.store = store;
        this.shifting = shifting;
        this.continueOnWorker = continueOnWorker;
    }

    /** Before execution {@code id} deploys: false, and it waits, while another execution's release shifts. */
    boolean mayDeploy(long id) {
        if (anyShifting(id)) {
            waiting.add(id);
            return false;
        }
        waiting.remove(id);
        return true;
    }

    /** After each job on the worker and a person's rollback: once nothing shifts, the waiting deploys go on. */
    void reopenIfFree() {
        if (!waiting.isEmpty() && !anyShifting(-1)) {
            List<Long> go = List.copyOf(waiting);
            waiting.removeAll(go);
            go.forEach(continueOnWorker::accept);
        }
    }

    /** Whether a release other than execution {@code except}'s shifts production in steps now. */
    boolean anyShifting(long except) {
        return store.activeExecutions().stream().anyMatch(e -> e.id() != except && shifting.test(e));
    }
}
