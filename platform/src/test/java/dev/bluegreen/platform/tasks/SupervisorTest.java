package dev.bluegreen.platform.tasks;

import static dev.bluegreen.platform.tasks.TestTasks.WAIT;
import static dev.bluegreen.platform.tasks.TestTasks.alive;
import static dev.bluegreen.platform.tasks.TestTasks.definition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.platform.tasks.RecordingEvents.Event;
import dev.bluegreen.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {

    @TempDir
    Path data;

    private final RecordingEvents events = new RecordingEvents();

    private void awaitEvents(String kind, int count) {
        Await.until(count + " '" + kind + "' events", WAIT, () -> events.of(kind).size() >= count, events::all);
    }

    @Test
    void reaches_the_desired_count_of_healthy_tasks() throws IOException {
        List<Task> tasks;
        try (Supervisor supervisor = TestTasks.supervisor(data, events)) {
            supervisor.run("web", definition(Map.of()), 2);
            awaitEvents("healthy", 2);

            tasks = supervisor.tasks("web");
            assertThat(tasks).extracting(Task::id).containsExactly("web-1", "web-2");
            assertThat(tasks).extracting(Task::state).containsOnly(TaskState.RUNNING);
            assertThat(tasks).extracting(Task::port).doesNotHaveDuplicates();
            for (Task task : tasks) {
                assertThat(Files.readString(task.log())).contains("task " + task.id(), "listening on " + task.port());
                assertThat(task.log()).isEqualTo(data.resolve("logs/web/" + task.id() + ".log"));
                assertThat(data.resolve("run/" + task.id() + ".pid")).exists();
                assertThat(alive(task.pid())).isTrue();
            }
        }
        assertThat(tasks).allSatisfy(task -> assertThat(alive(task.pid())).as(task.id()).isFalse());
        assertThat(data.resolve("run")).isEmptyDirectory();
    }

    @Test
    void scaling_up_starts_tasks_and_scaling_down_stops_the_newest_first() {
        try (Supervisor supervisor = TestTasks.supervisor(data, events)) {
            supervisor.run("web", definition(Map.of()), 1);
            awaitEvents("healthy", 1);
            supervisor.scale("web", 3);
            awaitEvents("healthy", 3);

            supervisor.scale("web", 1);
            awaitEvents("exited", 2);

            assertThat(events.of("exited")).extracting(Event::taskId).containsExactlyInAnyOrder("web-2", "web-3");
            // SIGTERM was enough: the JVM ran its shutdown hooks and exited 128 + 15
            assertThat(events.of("exited")).extracting(Event::exitCode, Event::expected)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple(143, true));
            Await.until("only web-1 left", WAIT, () -> supervisor.tasks("web").size() == 1, events::all);
            assertThat(supervisor.tasks("web")).extracting(Task::id).containsExactly("web-1");
        }
    }

    /** Rounds an hour apart: whatever happens sooner happens because an event made it happen. */
    private Supervisor withoutRounds() {
        SupervisorSettings fast = TestTasks.settings();
        return new Supervisor(data, events, java.time.Clock.systemUTC(), new SupervisorSettings(Duration.ofHours(1),
                fast.readinessInterval(), fast.healthTimeout(), fast.drainTimeout(), fast.backoff(),
                fast.orphanGrace()));
    }

    @Test
    void a_task_is_started_when_asked_and_reported_healthy_as_soon_as_it_answers_not_at_a_later_round() {
        try (Supervisor supervisor = withoutRounds()) {
            supervisor.run("web", definition(Map.of()), 1);
            awaitEvents("healthy", 1);
            supervisor.scale("web", 2);
            awaitEvents("healthy", 2);

            assertThat(events.of("healthy")).extracting(Event::taskId).containsExactly("web-1", "web-2");
            assertThat(supervisor.tasks("web")).extracting(Task::state).containsOnly(TaskState.RUNNING);
        }
    }

    @Test
    void a_task_that_exits_is_reported_at_once_not_at_the_next_round() {
        try (Supervisor supervisor = withoutRounds()) {
            supervisor.run("api", definition(Map.of("TEST_EXIT_AFTER_MS", "500", "TEST_EXIT_CODE", "7")), 1);
            awaitEvents("exited", 1);

            assertThat(events.all()).extracting(Event::toString).startsWith("healthy api-1",
                    "exited api-1 code 7 unexpected", "restart api in PT0.1S");
        }
    }

    @Test
    void a_task_that_exits_is_reported_and_restarted_with_a_growing_backoff() {
        try (Supervisor supervisor = TestTasks.supervisor(data, events)) {
            supervisor.run("api", definition(Map.of("TEST_EXIT_AFTER_MS", "0", "TEST_EXIT_CODE", "3")), 1);
            awaitEvents("restart", 3);

            assertThat(events.of("exited")).first().satisfies(e -> {
                assertThat(e.taskId()).isEqualTo("api-1");
                assertThat(e.exitCode()).isEqualTo(3);
                assertThat(e.expected()).isFalse();
            });
            assertThat(events.of("restart")).extracting(Event::delay).startsWith(Duration.ofMillis(100),
                    Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(events.of("exited")).extracting(Event::taskId).startsWith("api-1", "api-2", "api-3");
            assertThat(events.of("healthy")).isEmpty();
        }
    }

    @Test
    void a_task_that_crashes_after_turning_healthy_is_replaced() {
        try (Supervisor supervisor = TestTasks.supervisor(data, events)) {
            supervisor.run("api", definition(Map.of("TEST_EXIT_AFTER_MS", "1500", "TEST_EXIT_CODE", "7")), 1);
            awaitEvents("healthy", 2);

            assertThat(events.of("exited")).first().extracting(Event::taskId, Event::exitCode, Event::expected)
                    .containsExactly("api-1", 7, false);
            assertThat(events.of("healthy")).extracting(Event::taskId).startsWith("api-1", "api-2");
            // healthy again, so the backoff starts over from its base
            assertThat(events.of("restart")).first().extracting(Event::delay).isEqualTo(Duration.ofMillis(100));
        }
    }

    @Test
    void a_task_that_never_turns_healthy_is_stopped_and_reported() {
        TaskDefinition unhealthy = new TaskDefinition("test", TestTasks.command(), Map.of("TEST_FAIL_HEALTH", "1"),
                "/health", Duration.ofMillis(1500), Duration.ofSeconds(5));
        try (Supervisor supervisor = TestTasks.supervisor(data, events)) {
            supervisor.run("web", unhealthy, 1);
            awaitEvents("exited", 1);

            assertThat(events.of("failed")).first().satisfies(e -> {
                assertThat(e.taskId()).isEqualTo("web-1");
                assertThat(e.reason()).contains("/health", "PT1.5S");
            });
            assertThat(events.of("exited")).first().extracting(Event::taskId, Event::expected)
                    .containsExactly("web-1", true);
            assertThat(events.of("restart")).isNotEmpty();
            Await.until("a replacement web-2", WAIT,
                    () -> supervisor.tasks("web").stream().anyMatch(t -> t.id().equals("web-2")), events::all);
            assertThat(events.of("healthy")).isEmpty();
        }
    }

    @Test
    void stop_escalates_to_sigkill_when_a_task_ignores_sigterm() throws Exception {
        TaskDefinition stubborn = new TaskDefinition("test", TestTasks.command(), Map.of("TEST_IGNORE_TERM", "1"),
                "/health", Duration.ofSeconds(20), Duration.ofMillis(500));
        try (Supervisor supervisor = TestTasks.supervisor(data, events)) {
            supervisor.run("web", stubborn, 1);
            awaitEvents("healthy", 1);
            Task task = supervisor.tasks("web").get(0);

            supervisor.stop("web").toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(events.of("exited")).singleElement().extracting(Event::exitCode, Event::expected)
                    .containsExactly(137, true);
            assertThat(Files.readString(task.log())).contains("ignoring SIGTERM");
            assertThat(task.state()).isEqualTo(TaskState.STOPPED);
            assertThat(alive(task.pid())).isFalse();
            assertThat(supervisor.tasks("web")).isEmpty();
        }
    }

    @Test
    void task_stopping_is_awaited_before_the_process_is_signalled() throws Exception {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        RecordingEvents draining = new RecordingEvents(task -> {
            seen.add("called: alive=" + alive(task.pid()) + " signalled=" + signalled(task));
            // the platform would drain connections here; we look again just before we let the stop go on
            return CompletableFuture.runAsync(() -> seen.add("drained: signalled=" + signalled(task)),
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        });
        try (Supervisor supervisor = TestTasks.supervisor(data, draining)) {
            supervisor.run("web", definition(Map.of()), 1);
            Await.until("a healthy task", WAIT, () -> draining.of("healthy").size() == 1, draining::all);
            Task task = supervisor.tasks("web").get(0);

            supervisor.stop("web").toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(seen).containsExactly("called: alive=true signalled=false", "drained: signalled=false");
            assertThat(signalled(task)).isTrue();
            assertThat(draining.all()).extracting(Event::kind).containsExactly("healthy", "stopping", "exited");
        }
    }

    private static boolean signalled(Task task) {
        try {
            return Files.readString(task.log()).contains("shutdown hook");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void close_leaves_no_process_behind() {
        List<Task> tasks;
        CompletableFuture<Void> apiGone;
        TaskDefinition stubborn = new TaskDefinition("test", TestTasks.command(), Map.of("TEST_IGNORE_TERM", "1"),
                "/health", Duration.ofSeconds(20), Duration.ofMillis(500));
        Supervisor supervisor = TestTasks.supervisor(data, events);
        try (supervisor) {
            supervisor.run("web", definition(Map.of()), 2);
            supervisor.run("api", stubborn, 1);
            awaitEvents("healthy", 3);
            tasks = new java.util.ArrayList<>(supervisor.tasks("web"));
            tasks.addAll(supervisor.tasks("api"));
            apiGone = supervisor.stop("api").toCompletableFuture();
        }
        assertThat(apiGone).as("a stop still under way when the supervisor closed").isDone();
        assertThat(tasks).hasSize(3).allSatisfy(task -> assertThat(alive(task.pid())).as(task.id()).isFalse());
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                .doesNotContainAnyElementsOf(tasks.stream().map(Task::pid).toList());
        assertThat(events.of("exited")).hasSize(3).allSatisfy(e -> assertThat(e.expected()).isTrue());
        assertThat(data.resolve("run")).isEmptyDirectory();
    }
}
