package dev.bluegreen.platform.tasks;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keeps each service at its desired count of healthy tasks, like the ECS scheduler does on one machine. One loop
 * thread reconciles ({@link ReconcileLoop}; the rules are in {@link Reconcile}), at once when something changes: a
 * desired count, a task's exit, a stop ended; a new task is watched from its launch until it is ready
 * ({@link ReadinessWatch}); stops run on their own threads ({@link TaskStopper}) because draining and the SIGTERM
 * grace period take seconds. Logs go to {@code <data>/logs/<service>/<task-id>.log}, pid files to
 * {@code <data>/run/}.
 */
public final class Supervisor implements AutoCloseable {

    public static final String EXIT_WITH_PARENT = "BLUEGREEN_EXIT_WITH_PARENT";
    public static final String TASK_ID = "BLUEGREEN_TASK_ID";

    private final ServiceTable table = new ServiceTable();
    private final ReconcileLoop loop;
    private final ReadinessWatch readiness;
    private final OrphanCleanup orphans;
    private final Shutdown shutdown;

    public Supervisor(Path dataDir, TaskEvents events, Clock clock) {
        this(dataDir, events, clock, SupervisorSettings.defaults());
    }

    public Supervisor(Path dataDir, TaskEvents events, Clock clock, SupervisorSettings settings) {
        Path runDir = dataDir.resolve("run");
        ExecutorService stopThreads = Executors.newCachedThreadPool(DaemonThreads.named("supervisor-stop"));
        this.loop = new ReconcileLoop(settings.reconcileInterval());
        TaskStopper stopper = new TaskStopper(table, events, runDir, settings.drainTimeout(), stopThreads,
                loop::nudge);
        TaskLauncher launcher = new TaskLauncher(dataDir.resolve("logs"), runDir, new FreePorts());
        this.readiness = new ReadinessWatch(new ReadinessProbe(settings.healthTimeout()),
                settings.readinessInterval(), settings.reconcileInterval(), new TaskReady(table, events, loop));
        PlanApplier applier = new PlanApplier(launcher, stopper, events, settings.backoff(), runDir, stopThreads,
                this::launched);
        this.orphans = new OrphanCleanup(runDir, settings.orphanGrace(), table::owns);
        this.shutdown = new Shutdown(table, loop, stopper, stopThreads, runDir, settings.drainTimeout());
        loop.start(new ReconcileRound(table, applier, clock));
    }

    /** A new task: watched until ready; its exit is reconciled at once (reaped, deregistered, reported). */
    private void launched(Task task) {
        readiness.watch(task);
        task.process().onExit().thenRun(loop::nudge);
    }

    /** Creates the service, or updates its definition (used by tasks started from now on) and desired count. */
    public void run(String service, TaskDefinition definition, int desiredCount) {
        requireCount(desiredCount);
        table.run(service, definition, desiredCount);
        loop.nudge();
    }

    public void scale(String service, int desiredCount) {
        requireCount(desiredCount);
        table.scale(service, desiredCount);
        loop.nudge();
    }

    /** Stops all tasks of the service and forgets it; completes once its last task has ended. */
    public CompletionStage<Void> stop(String service) {
        Optional<CompletableFuture<Void>> gone = table.remove(service);
        if (gone.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        loop.nudge();
        return gone.get();
    }

    /** A snapshot of the service's tasks, oldest first (empty for an unknown service). */
    public List<Task> tasks(String service) {
        return table.tasks(service);
    }

    /**
     * At start-up: stops the processes that a previous platform, killed before it could stop them, left behind
     * (their pid files are still in run/), unless the pid now belongs to another process; deletes the pid files.
     */
    public List<Orphan> cleanUpOrphans() {
        return orphans.run();
    }

    /** Stops the loop, then every task in parallel, each with its own stop timeout. */
    @Override
    public void close() {
        shutdown.run();
        readiness.close();
    }

    private static void requireCount(int desiredCount) {
        if (desiredCount < 0) {
            throw new IllegalArgumentException("desired count must not be negative, was " + desiredCount);
        }
    }
}
