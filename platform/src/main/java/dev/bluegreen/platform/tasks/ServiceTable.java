package dev.bluegreen.platform.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The supervised services and the lock that guards them: every field of a {@link SupervisedService}, its tasks
 * included, is read and changed only while it is held. Nothing here calls a listener, so none can run under it.
 */
final class ServiceTable {

    private final Map<String, SupervisedService> services = new HashMap<>();
    private boolean closed;

    synchronized void run(String service, TaskDefinition definition, int desiredCount) {
        requireOpen();
        SupervisedService record = services.get(service);
        if (record == null) {
            services.put(service, new SupervisedService(service, definition, desiredCount));
        } else {
            record.definition = definition;
            record.desired = desiredCount;
            record.removing = false;
        }
    }

    synchronized void scale(String service, int desiredCount) {
        requireOpen();
        SupervisedService record = services.get(service);
        if (record == null || record.removing) {
            throw new IllegalArgumentException("no service '" + service + "' to scale");
        }
        record.desired = desiredCount;
    }

    /** Scales the service to zero for good: the future completes once its last task has ended. Empty if unknown. */
    synchronized Optional<CompletableFuture<Void>> remove(String service) {
        SupervisedService record = services.get(service);
        if (record == null) {
            return Optional.empty();
        }
        CompletableFuture<Void> gone = new CompletableFuture<>();
        record.desired = 0;
        record.removing = true;
        record.whenGone.add(gone);
        return Optional.of(gone);
    }

    /** Forgets a service being removed once it has no task left; its {@link #remove} futures complete later. */
    synchronized void forgetIfGone(SupervisedService record, Callbacks later) {
        if (record.removing && record.tasks.isEmpty()) {
            services.remove(record.name);
            record.whenGone.forEach(gone -> later.add(() -> gone.complete(null)));
        }
    }

    synchronized List<Task> tasks(String service) {
        SupervisedService record = services.get(service);
        return record == null ? List.of() : List.copyOf(record.tasks.values());
    }

    synchronized boolean owns(String taskId) {
        return services.values().stream().anyMatch(s -> s.tasks.containsKey(taskId));
    }

    synchronized void resetFailures(String service) {
        SupervisedService record = services.get(service);
        if (record != null) {
            record.consecutiveFailures = 0;
        }
    }

    synchronized void removeTask(SupervisedService record, Task task) {
        record.tasks.remove(task.id());
    }

    /** Runs {@code section} under the lock with every service (a copy of the list: it may forget some). */
    synchronized void withServices(Consumer<List<SupervisedService>> section) {
        section.accept(List.copyOf(services.values()));
    }

    /** Like {@link #withServices}, unless the table is closed: then false, without running it. */
    synchronized boolean withServicesIfOpen(Consumer<List<SupervisedService>> section) {
        if (closed) {
            return false;
        }
        withServices(section);
        return true;
    }

    /** True for the first call only: from then on no service is added or scaled. */
    synchronized boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** Forgets every service and hands back the futures of their removals, to complete outside the lock. */
    synchronized List<CompletableFuture<Void>> clear() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        services.values().forEach(record -> waiting.addAll(record.whenGone));
        services.clear();
        return waiting;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("supervisor closed");
        }
    }
}
