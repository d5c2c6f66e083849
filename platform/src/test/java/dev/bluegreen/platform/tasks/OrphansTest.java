package dev.bluegreen.platform.tasks;

import static dev.bluegreen.platform.tasks.TestTasks.alive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.platform.tasks.Orphan.Outcome;
import dev.bluegreen.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A platform killed by kill -9 leaves pid files behind; the next one stops what is still running. */
class OrphansTest {

    @TempDir
    Path data;

    private final List<Process> started = new java.util.ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    /** A task as a dead platform left it: running, with its pid file; stdin not watched, like any HTTP app. */
    private Process orphanTask() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(TestTasks.command().stream()
                .map(arg -> arg.replace("${PORT}", "0")).toList()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", "0");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    @Test
    void after_a_platform_is_killed_its_tasks_stop_or_are_stopped_by_the_next() throws Exception {
        List<String> command = new java.util.ArrayList<>(TestTasks.javaCommand(TestPlatform.class));
        command.add(data.toString());
        Process platform = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(platform);
        String first;
        try (var out = new BufferedReader(new InputStreamReader(platform.getInputStream()))) {
            first = out.readLine();
        }
        assertThat(first).as("the test platform's first line").isEqualTo("ready");
        Path run = data.resolve("run");
        List<PidFile> files;
        try (var listing = Files.list(run)) {
            files = listing.sorted().map(PidFile::read).map(Optional::orElseThrow).toList();
        }
        assertThat(files).extracting(PidFile::taskId).containsExactly("app-1", "web-1");
        long app = files.get(0).pid();
        long web = files.get(1).pid();

        platform.toHandle().destroyForcibly(); // kill -9: no chance to stop its tasks or delete its pid files
        platform.waitFor(30, TimeUnit.SECONDS);

        // web reads EOF on stdin and goes; app knows nothing of that and stays, an orphan
        Await.until("web-1 to exit with its parent", TestTasks.WAIT, () -> !alive(web), () -> "still alive");
        assertThat(alive(app)).isTrue();
        try (Supervisor next = TestTasks.supervisor(data, new RecordingEvents())) {
            assertThat(next.cleanUpOrphans()).containsExactly(new Orphan("app-1", app, Outcome.KILLED),
                    new Orphan("web-1", web, Outcome.ALREADY_GONE));
        }
        assertThat(alive(app)).isFalse();
        assertThat(run).isEmptyDirectory();
    }

    @Test
    void stops_orphans_that_still_run_and_leaves_recycled_pids_alone() throws Exception {
        Path run = data.resolve("run");
        Process orphan = orphanTask();
        PidFile.of("web-1", orphan.toHandle()).write(run);
        Process stranger = orphanTask();
        // same pid, other start time: the pid was recycled, the process is not ours
        new PidFile("web-2", stranger.pid(), Optional.of(Instant.parse("2020-01-01T00:00:00Z"))).write(run);
        Process gone = new ProcessBuilder(TestTasks.command().get(0), "-version").start();
        PidFile.of("web-3", gone.toHandle()).write(run);
        gone.waitFor(30, TimeUnit.SECONDS);
        Files.writeString(run.resolve("web-4.pid"), "garbage");

        try (Supervisor supervisor = TestTasks.supervisor(data, new RecordingEvents())) {
            List<Orphan> done = supervisor.cleanUpOrphans();

            assertThat(done).containsExactly(new Orphan("web-1", orphan.pid(), Outcome.KILLED),
                    new Orphan("web-2", stranger.pid(), Outcome.PID_REUSED),
                    new Orphan("web-3", gone.pid(), Outcome.ALREADY_GONE),
                    new Orphan("web-4", -1, Outcome.UNREADABLE));
        }
        assertThat(alive(orphan.pid())).isFalse();
        assertThat(alive(stranger.pid())).isTrue();
        assertThat(run).isEmptyDirectory();
    }
}
