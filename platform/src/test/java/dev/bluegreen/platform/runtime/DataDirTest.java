package dev.bluegreen.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.platform.control.Token;
import dev.bluegreen.platform.state.PlatformStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory on a real file system: who may enter it, and what {@code down --purge} may delete. */
class DataDirTest {

    @TempDir
    Path dir;

    @Test
    void a_new_data_directory_is_private_and_marked_and_purge_deletes_it() throws Exception {
        Path data = dir.resolve("data");
        assertThat(DataDir.prepare(data)).isTrue();
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("logs"))).isEqualTo("rwx------");
        assertThat(data.resolve(DataDir.MARKER)).content().contains("bluegreen down --purge");
        runPlatformIn(data);

        assertThat(DataDir.purge(data)).isTrue();
        assertThat(data).doesNotExist();
        assertThat(DataDir.purge(data)).as("nothing left to delete").isFalse();
    }

    @Test
    void a_directory_with_files_of_its_own_is_neither_adopted_nor_purged() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".bashrc"), "export EDITOR=vi\n");
        Files.createDirectories(home.resolve("Documents"));
        Files.writeString(home.resolve("movies.db"), "as 'load --db ~/movies.db' leaves it");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(DataDir.prepare(home)).isFalse();
        assertThat(home.resolve(DataDir.MARKER)).doesNotExist();
        assertThat(mode(home)).as("a directory that is not ours keeps its mode").isEqualTo("rwxr-xr-x");
        assertThatThrownBy(() -> DataDir.purge(home)).isInstanceOf(PlatformException.class)
                .hasMessageContaining("is not a data directory bluegreen made")
                .hasMessageContaining(".bashrc, Documents");
        assertThat(home.resolve(".bashrc")).exists();
        assertThat(home.resolve("movies.db")).exists();
    }

    @Test
    void a_directory_whose_only_entry_is_named_like_bluegreens_is_not_adopted() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("app/src"));
        Files.writeString(project.resolve("app/src/Main.java"), "class Main {}");

        assertThat(DataDir.prepare(project)).isFalse();
        assertThatThrownBy(() -> DataDir.purge(project)).isInstanceOf(PlatformException.class);
        assertThat(project.resolve("app/src/Main.java")).exists();
    }

    @Test
    void a_directory_that_holds_only_a_movies_database_is_not_purged() throws Exception {
        Path loaded = Files.createDirectories(dir.resolve("loaded"));
        Files.writeString(loaded.resolve("movies.db"), "movies");

        assertThatThrownBy(() -> DataDir.purge(loaded)).isInstanceOf(PlatformException.class)
                .hasMessageContaining("no platform ever ran there");
        assertThat(loaded.resolve("movies.db")).exists();
        // the first 'up' with it adopts it: everything in it is bluegreen's
        assertThat(DataDir.prepare(loaded)).isTrue();
        assertThat(DataDir.purge(loaded)).isTrue();
    }

    @Test
    void a_data_directory_from_before_the_marker_is_purged_only_while_it_holds_nothing_else() throws Exception {
        Path old = Files.createDirectories(dir.resolve("old"));
        runPlatformIn(old);
        Files.writeString(old.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> DataDir.purge(old)).isInstanceOf(PlatformException.class)
                .hasMessageContaining("it holds notes.txt");
        assertThat(old.resolve("platform.db")).exists();

        Files.delete(old.resolve("notes.txt"));
        assertThat(old.resolve(DataDir.MARKER)).doesNotExist();
        assertThat(DataDir.purge(old)).isTrue();
        assertThat(old).doesNotExist();
    }

    @Test
    void a_data_directory_whose_lock_another_process_holds_is_not_purged() throws Exception {
        Path data = dir.resolve("data");
        DataDir.prepare(data);
        runPlatformIn(data);
        // a POSIX lock on platform.lock, as a running platform holds it (Python's lockf is the same fcntl lock)
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl, sys\n"
                + "f = open(sys.argv[1], 'a')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\n"
                + "sys.stdin.read()", data.resolve(DataDirLock.FILE).toString()).redirectErrorStream(true).start();
        try {
            String said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(said).isEqualTo("locked");

            assertThatThrownBy(() -> DataDir.purge(data)).isInstanceOf(PlatformException.class)
                    .hasMessageContaining("a bluegreen platform is running with");
            assertThat(data.resolve("platform.db")).exists();
            assertThat(data.resolve("token")).exists();
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(DataDir.purge(data)).as("once the lock is free").isTrue();
    }

    /** What a platform leaves in its data directory: state, token, a task's log and pid file, the lock. */
    private static void runPlatformIn(Path data) throws Exception {
        try (DataDirLock lock = DataDirLock.acquire(data); PlatformStore store =
                PlatformStore.open(data.resolve("platform.db"))) {
            Token.loadOrCreate(data.resolve("token"));
            Files.createDirectories(data.resolve("logs/api"));
            Files.writeString(data.resolve("logs/api/api-1.log"), "started\n");
            Files.createDirectories(data.resolve("run"));
            Files.writeString(data.resolve("run/api-1.pid"), "pid=1\n");
            assertThat(store.services()).isNotNull();
        }
        assertThat(Files.list(data).map(p -> p.getFileName().toString()).toList())
                .containsAll(List.of("platform.db", "token", "logs", "run", "platform.lock"));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
