package dev.bluegreen.platform.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A service as the supervisor keeps it; guarded by the lock of the {@link ServiceTable} that holds it. */
final class SupervisedService {

    final String name;
    TaskDefinition definition;
    int desired;
    int consecutiveFailures;
    Instant startNotBefore = Instant.MIN;
    long lastSeq;
    boolean removing;
    final Map<String, Task> tasks = new LinkedHashMap<>();
    final List<CompletableFuture<Void>> whenGone = new ArrayList<>();

    SupervisedService(String name, TaskDefinition definition, int desired) {
        this.name = name;
        this.definition = definition;
        this.desired = desired;
    }

    Reconcile.Desired desiredView() {
        return new Reconcile.Desired(desired, definition.startTimeout(), startNotBefore);
    }

    List<Reconcile.TaskView> taskViews() {
        return tasks.values().stream().map(Task::view).toList();
    }
}
