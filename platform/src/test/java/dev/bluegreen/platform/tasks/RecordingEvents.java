package dev.bluegreen.platform.tasks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/** Records every event, in order, for assertions. */
final class RecordingEvents implements TaskEvents {

    record Event(String kind, String service, String taskId, Integer exitCode, Boolean expected, Duration delay,
            String reason) {

        @Override
        public String toString() {
            return kind + " " + (taskId == null ? service : taskId) + (exitCode == null ? "" : " code " + exitCode)
                    + (expected == null ? "" : expected ? " expected" : " unexpected")
                    + (delay == null ? "" : " in " + delay) + (reason == null ? "" : " (" + reason + ")");
        }
    }

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final Function<Task, CompletionStage<Void>> onStopping;

    RecordingEvents() {
        this(task -> CompletableFuture.completedFuture(null));
    }

    RecordingEvents(Function<Task, CompletionStage<Void>> onStopping) {
        this.onStopping = onStopping;
    }

    List<Event> all() {
        return List.copyOf(events);
    }

    List<Event> of(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Override
    public void taskHealthy(Task task) {
        events.add(new Event("healthy", task.service(), task.id(), null, null, null, null));
    }

    @Override
    public CompletionStage<Void> taskStopping(Task task) {
        events.add(new Event("stopping", task.service(), task.id(), null, null, null, null));
        return onStopping.apply(task);
    }

    @Override
    public void taskExited(Task task, int exitCode, boolean expected) {
        events.add(new Event("exited", task.service(), task.id(), exitCode, expected, null, null));
    }

    @Override
    public void taskFailedToStart(Task task, String reason) {
        events.add(new Event("failed", task.service(), task.id(), null, null, null, reason));
    }

    @Override
    public void restartScheduled(String service, Duration delay) {
        events.add(new Event("restart", service, null, null, null, delay, null));
    }
}
