package dev.bluegreen.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real zombie: a child that exited, of a parent (Python) that does not wait for it. */
class ProcessLivenessTest {

    @Test
    void a_zombie_has_stopped_though_the_jdk_calls_it_alive() throws Exception {
        Process parent = new ProcessBuilder("python3", "-c", "import subprocess, sys\n"
                + "child = subprocess.Popen(['sleep', '0'])\nprint(child.pid, flush=True)\nsys.stdin.read()")
                .redirectErrorStream(true).start();
        try {
            long pid = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().strip());
            Await.until("the child to have exited unreaped (state Z in /proc)", Duration.ofSeconds(10),
                    () -> state(pid) == 'Z', () -> state(pid));
            ProcessHandle zombie = ProcessHandle.of(pid).orElseThrow();
            assertThat(zombie.isAlive()).as("what the JDK says of a zombie").isTrue();

            assertThat(ProcessLiveness.running(zombie)).isFalse();
            assertThat(ProcessLiveness.running(parent.toHandle())).isTrue();
            RunningPlatform exited = new RunningPlatform(pid, zombie.info().startInstant().map(Object::toString)
                    .orElse("unknown"), URI.create("http://127.0.0.1:9"), Map.of());
            assertThat(exited.isRunning()).isFalse();
            assertThat(exited.awaitStopped(Duration.ofSeconds(5))).isTrue();
        } finally {
            parent.getOutputStream().close();
            assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void a_process_that_runs_is_running_and_one_that_is_gone_is_not() throws Exception {
        assertThat(ProcessLiveness.running(ProcessHandle.current())).isTrue();
        Process done = new ProcessBuilder("true").start();
        done.waitFor(10, TimeUnit.SECONDS);
        assertThat(ProcessLiveness.running(done.toHandle())).isFalse();
    }

    private static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
