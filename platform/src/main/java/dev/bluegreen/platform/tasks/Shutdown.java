package dev.bluegreen.platform.tasks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the supervisor: the loop first, so that nothing new starts; then every task is stopped in parallel, each
 * with its own stop timeout, since one after the other could take minutes. Whatever still runs after the longest
 * of them is killed, so that no process outlives the supervisor.
 */
final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private final ServiceTable table;
    private final ReconcileLoop loop;
    private final TaskStopper stopper;
    private final ExecutorService stopThreads;
    private final Path runDir;
    private final Duration drainTimeout;

    Shutdown(ServiceTable table, ReconcileLoop loop, TaskStopper stopper, ExecutorService stopThreads, Path runDir,
            Duration drainTimeout) {
        this.table = table;
        this.loop = loop;
        this.stopper = stopper;
        this.stopThreads = stopThreads;
        this.runDir = runDir;
        this.drainTimeout = drainTimeout;
    }

    /** Only the first call does anything. */
    void run() {
        if (!table.close()) {
            return;
        }
        loop.close();
        List<Task> all = stopAll();
        awaitEnded(all);
        killLeftovers(all);
        stopThreads.shutdown();
        DaemonThreads.awaitQuietly(stopThreads, Duration.ofSeconds(5));
        table.clear().forEach(gone -> gone.complete(null));
    }

    /** Begins to stop every live task; returns all tasks, ended ones included. */
    private List<Task> stopAll() {
        List<Task> all = new ArrayList<>();
        table.withServices(services -> services.forEach(record -> record.tasks.values().forEach(task -> {
            all.add(task);
            stopper.begin(record, task);
        })));
        return all;
    }

    private void awaitEnded(List<Task> all) {
        Duration longest = all.stream().map(task -> task.definition().stopTimeout()).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        Duration bound = longest.plus(drainTimeout).plusSeconds(10);
        try {
            CompletableFuture.allOf(all.stream().filter(t -> t.process() != null).map(Task::whenEnded)
                    .toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("tasks still stopping after {}, killing them", bound, e);
        }
    }

    private void killLeftovers(List<Task> all) {
        for (Task task : all) {
            if (task.process() != null) {
                task.process().destroyForcibly();
            }
            PidFile.delete(runDir, task.id());
        }
    }
}
