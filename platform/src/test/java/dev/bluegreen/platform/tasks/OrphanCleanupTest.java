package dev.bluegreen.platform.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bookkeeping around the processes; stopping real orphans is in {@link OrphansTest}. */
class OrphanCleanupTest {

    @TempDir
    Path data;

    private Path run() {
        return data.resolve("run");
    }

    private OrphanCleanup cleanup(String ownedTaskId) {
        return new OrphanCleanup(run(), Duration.ofSeconds(1), ownedTaskId::equals);
    }

    @Test
    void without_a_run_directory_there_is_nothing_to_clean_up() {
        assertThat(cleanup("web-1").run()).isEmpty();
    }

    @Test
    void the_pid_files_of_its_own_tasks_are_not_orphans() {
        // a pid with no start time: were it taken for an orphan's, it would be left alone as a recycled pid
        new PidFile("web-1", 1, Optional.empty()).write(run());
        new PidFile("web-2", 1, Optional.empty()).write(run());

        assertThat(cleanup("web-1").run()).extracting(Orphan::taskId).containsExactly("web-2");
        assertThat(run().resolve("web-1.pid")).exists();
        assertThat(run().resolve("web-2.pid")).doesNotExist();
    }

    @Test
    void files_other_than_pid_files_are_left_alone() throws IOException {
        Files.createDirectories(run());
        Files.writeString(run().resolve("web-1.pid.tmp"), "pid=1\n");
        Files.writeString(run().resolve("notes.txt"), "");

        assertThat(cleanup("none").run()).isEmpty();
        assertThat(run().resolve("web-1.pid.tmp")).exists();
        assertThat(run().resolve("notes.txt")).exists();
    }
}
