package dev.bluegreen.platform.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.platform.tasks.RecordingEvents.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With tasks that have no process: what a real one goes through is in {@link SupervisorTest}. */
class PlanApplierTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path data;

    private final RecordingEvents events = new RecordingEvents();
    private final ServiceTable table = new ServiceTable();

    private PlanApplier applier() {
        Path run = data.resolve("run");
        TaskStopper stopper = new TaskStopper(table, events, run, Duration.ofSeconds(1), Runnable::run, () -> { });
        TaskLauncher launcher = new TaskLauncher(data.resolve("logs"), run, new FreePorts());
        return new PlanApplier(launcher, stopper, events, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)),
                run, Runnable::run, task -> { });
    }

    private static SupervisedService service(int desired, TaskDefinition definition, long... failedSeqs) {
        SupervisedService record = new SupervisedService("web", definition, desired);
        for (long seq : failedSeqs) {
            Task task = new Task("web-" + seq, "web", seq, 0, definition, Path.of("web.log"), NOW, null);
            task.ended(TaskState.EXITED, -1);
            record.tasks.put(task.id(), task);
            record.lastSeq = seq;
        }
        return record;
    }

    @Test
    void each_reap_counts_as_a_failure_and_pushes_the_next_start_back() {
        SupervisedService web = service(1, TestTasks.definition(Map.of()), 1, 2);
        web.consecutiveFailures = 1;
        Callbacks later = new Callbacks();

        applier().apply(web, List.of(new Reconcile.Reap("web-1", -1), new Reconcile.Reap("web-2", -1)), NOW, later);

        assertThat(web.tasks).isEmpty();
        assertThat(web.consecutiveFailures).isEqualTo(3);
        assertThat(web.startNotBefore).isEqualTo(NOW.plusMillis(400));
        assertThat(events.all()).as("nothing before the lock is released").isEmpty();
        later.run();
        // a task whose launch failed was reported then: no exit to tell of
        assertThat(events.all()).extracting(Event::toString).containsExactly("restart web in PT0.4S");
    }

    @Test
    void a_service_scaled_to_zero_backs_off_without_announcing_a_restart() {
        SupervisedService web = service(0, TestTasks.definition(Map.of()), 1);
        Callbacks later = new Callbacks();

        applier().apply(web, List.of(new Reconcile.Reap("web-1", -1)), NOW, later);
        later.run();

        assertThat(web.startNotBefore).isEqualTo(NOW.plusMillis(100));
        assertThat(events.all()).isEmpty();
    }

    @Test
    void a_task_never_healthy_is_reported_and_counts_as_a_failure() {
        SupervisedService web = service(1, TestTasks.definition(Map.of()), 1);
        Callbacks later = new Callbacks();

        applier().apply(web, List.of(new Reconcile.Stop("web-1", Reconcile.StopReason.NEVER_HEALTHY)), NOW, later);
        later.run();

        assertThat(web.consecutiveFailures).isEqualTo(1);
        assertThat(events.all()).extracting(Event::toString)
                .containsExactly("failed web-1 (no 200 from /health within PT20S)", "restart web in PT0.1S");
    }

    @Test
    void a_launch_that_fails_is_reported_at_once_and_ends_the_starts_of_the_round() {
        TaskDefinition missing = new TaskDefinition("test", List.of(data.resolve("no-such-program").toString()),
                Map.of(), "/health", Duration.ofSeconds(1), Duration.ofSeconds(1));
        SupervisedService web = service(3, missing);
        Callbacks later = new Callbacks();

        applier().apply(web, List.of(new Reconcile.Start(3)), NOW, later);

        assertThat(web.tasks.keySet()).containsExactly("web-1");
        assertThat(web.consecutiveFailures).as("counted when the next round reaps it").isZero();
        assertThat(events.all()).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo("failed");
            assertThat(event.reason()).startsWith("cannot launch");
        });
    }
}
