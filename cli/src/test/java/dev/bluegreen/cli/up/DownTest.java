package dev.bluegreen.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.cli.Cli;
import dev.bluegreen.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code down} and what it may delete, and the files {@code up} leaves, as a user (or a script) runs them. */
class DownTest {

    @TempDir
    Path dir;

    @Test
    void down_purge_refuses_a_directory_bluegreen_did_not_make_and_deletes_nothing() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".profile"), "PATH=$HOME/bin:$PATH\n");
        assertThat(Cli.run(dir, "load", "--db", home.resolve("movies.db").toString()).exitCode()).isZero();
        Path loaded = dir.resolve("loaded");
        assertThat(Cli.run(dir, "load", "--db", loaded.resolve("movies.db").toString()).exitCode()).isZero();

        for (Path target : List.of(home, loaded)) {
            List<String> before = tree(target);
            Cli.Result purge = Cli.run(dir, "down", "--purge", "--data-dir", target.toString());
            assertThat(purge.exitCode()).as(purge.err()).isEqualTo(1);
            assertThat(purge.err()).contains("is not a data directory bluegreen made").contains("not deleting it");
            assertThat(tree(target)).as("what %s holds", target).isEqualTo(before).contains("movies.db");
        }
    }

    /**
     * A script that starts {@code up} and never waits for it (Python's Popen, as issue 11 reproduced it) leaves the
     * stopped platform a zombie; {@code down} must see it has stopped. The script also clears its umask: the
     * platform's files must be private all the same.
     */
    @Test
    void up_under_a_parent_that_never_reaps_it_keeps_its_files_private_and_down_sees_its_zombie_stopped()
            throws Exception {
        Path data = dir.resolve("data");
        Path output = dir.resolve("up.out");
        List<String> up = new ArrayList<>(List.of("python3", "-c", "import os, subprocess, sys\n"
                + "os.umask(0)\n"
                + "with open(sys.argv[1], 'w') as out:\n"
                + "    child = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT)\n"
                + "print(child.pid, flush=True)\n"
                + "sys.stdin.read()  # never waits for the child\n", output.toString()));
        up.addAll(Cli.command(dir, Map.of(), "up", "--data-dir", data.toString(), "--prod-port", "0",
                "--test-port", "0", "--api-port", "0", "--control-port", "0", "--api-tasks", "1").command());
        Process script = new ProcessBuilder(up).directory(dir.toFile()).redirectErrorStream(true).start();
        long pid = -1;
        try {
            pid = Long.parseLong(new BufferedReader(new InputStreamReader(script.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().strip());
            Await.until("up to say it is up", Duration.ofSeconds(150), () -> read(output).contains(
                    "Ctrl-C stops everything."), () -> read(output));
            Await.until("a task's pid file", Duration.ofSeconds(30), () -> !tree(data.resolve("run")).isEmpty());

            for (String directory : List.of("", "logs", "logs/api", "run")) {
                assertThat(mode(data.resolve(directory))).as("%s/", directory).isEqualTo("rwx------");
            }
            List<Path> files = new ArrayList<>(List.of(data.resolve("token"), data.resolve("platform.db"),
                    data.resolve("platform.db-wal"), data.resolve("platform.json"), data.resolve("platform.lock")));
            files.addAll(files(data.resolve("logs/api")));
            files.addAll(files(data.resolve("run")));
            for (Path file : files) {
                assertThat(mode(file)).as("%s", data.relativize(file)).isEqualTo("rw-------");
            }

            Cli.Result down = Cli.run(dir, "down", "--data-dir", data.toString());
            assertThat(down.exitCode()).as(down.err()).isZero();
            assertThat(down.out()).contains("Stopped.");
            long platform = pid;
            assertThat(ProcessHandle.of(platform)).as("the platform as its parent left it: a zombie")
                    .hasValueSatisfying(process -> assertThat(state(platform)).isEqualTo('Z'));
            Cli.Result status = Cli.run(dir, "status", "--data-dir", data.toString());
            assertThat(status.exitCode()).isEqualTo(1);
            assertThat(status.err()).contains("no bluegreen platform is running");

            Cli.Result purge = Cli.run(dir, "down", "--purge", "--data-dir", data.toString());
            assertThat(purge.exitCode()).as(purge.err()).isZero();
            assertThat(purge.out()).contains("Deleted");
            assertThat(data).doesNotExist();
        } finally {
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(process -> {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                });
            }
            script.getOutputStream().close();
            script.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> tree(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> !path.equals(root)).map(path -> root.relativize(path).toString()).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> paths = Files.list(directory)) {
            List<Path> found = paths.filter(Files::isRegularFile).toList();
            assertThat(found).as("files in %s", directory).isNotEmpty();
            return found;
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static char state(long pid) {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
