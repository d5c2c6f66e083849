package dev.bluegreen.platform.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskLauncherTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path data;

    private final List<Task> launched = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        launched.stream().filter(task -> task.process() != null).forEach(task -> task.process().destroyForcibly());
    }

    private TaskLauncher.Launch launch(TaskDefinition definition) {
        TaskLauncher launcher = new TaskLauncher(data.resolve("logs"), data.resolve("run"), new FreePorts());
        TaskLauncher.Launch launch = launcher.launch("web", 7, definition, NOW);
        launched.add(launch.task());
        return launch;
    }

    private static String log(Task task) {
        try {
            return Files.readString(task.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_task_gets_its_port_its_id_a_log_and_a_pid_file() throws Exception {
        TaskLauncher.Launch launch = launch(TestTasks.definition(Map.of("TEST_EXIT_AFTER_MS", "0")));
        Task task = launch.task();

        assertThat(launch.failure()).isEmpty();
        assertThat(task.process().waitFor(TestTasks.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // the test task exits 1 when env PORT differs from the port in its command
        assertThat(task.process().exitValue()).isZero();
        assertThat(task).extracting(Task::id, Task::service, Task::state, Task::startedAt)
                .containsExactly("web-7", "web", TaskState.STARTING, NOW);
        assertThat(task.log()).isEqualTo(data.resolve("logs/web/web-7.log"));
        assertThat(log(task)).contains("task web-7");
        assertThat(PidFile.read(data.resolve("run/web-7.pid"))).hasValueSatisfying(file -> {
            assertThat(file.pid()).isEqualTo(task.pid());
            assertThat(file.startInstant()).as("the fingerprint against recycled pids").isPresent();
        });
        // what runs where, and what it logged, is the owner's business only
        for (String path : new String[] {"logs", "logs/web", "run"}) {
            assertThat(mode(data.resolve(path))).as(path).isEqualTo("rwx------");
        }
        assertThat(mode(task.log())).isEqualTo("rw-------");
        assertThat(mode(data.resolve("run/web-7.pid"))).isEqualTo("rw-------");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void a_task_is_told_to_exit_when_its_stdin_closes_as_when_the_supervisor_dies() throws Exception {
        Task task = launch(TestTasks.definition(Map.of())).task();
        Await.until("the task to listen", TestTasks.WAIT, () -> log(task).contains("listening on " + task.port()),
                () -> log(task));

        task.process().getOutputStream().close();

        assertThat(task.process().waitFor(TestTasks.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(log(task)).contains("stdin closed");
    }

    @Test
    void a_command_that_cannot_start_gives_an_exited_task_and_why() {
        TaskDefinition missing = new TaskDefinition("test", List.of(data.resolve("no-such-program").toString()),
                Map.of(), "/health", Duration.ofSeconds(1), Duration.ofSeconds(1));

        TaskLauncher.Launch launch = launch(missing);

        assertThat(launch.failure()).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("cannot launch [" + data.resolve("no-such-program") + "]: "));
        Task task = launch.task();
        assertThat(task.state()).isEqualTo(TaskState.EXITED);
        assertThat(task.exitCode()).hasValue(-1);
        assertThat(task.pid()).isEqualTo(-1);
        assertThat(task.log()).isEqualTo(data.resolve("logs/web/web-7.log"));
        assertThat(data.resolve("run/web-7.pid")).doesNotExist();
    }
}
