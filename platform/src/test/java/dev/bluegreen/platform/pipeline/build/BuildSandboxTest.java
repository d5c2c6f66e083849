package dev.bluegreen.platform.pipeline.build;

import static dev.bluegreen.platform.pipeline.build.BuildFixture.buildspec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where builds run: bubblewrap when it runs here (run-tests installs it), and what a build then sees. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BuildSandboxTest {

    private static final String TAG = "b7-5e4d3c2";

    @TempDir
    Path dir;
    BuildFixture build;

    @AfterEach
    void stopBuilds() {
        if (build != null) {
            build.close();
        }
    }

    @Test
    void builds_here_run_in_bubblewrap() {
        BuildSandbox sandbox = BuildSandbox.detect(System.getenv(), List.of());

        assertThat(sandbox.isolates()).as("bubblewrap runs here (run-tests installs Debian's bubblewrap): %s",
                sandbox.describe()).isTrue();
    }

    @Test
    void without_bwrap_on_the_path_builds_are_not_isolated_and_the_reason_says_what_to_install() {
        BuildSandbox sandbox = BuildSandbox.detect(Map.of("PATH", dir.toString()), List.of());

        assertThat(sandbox.isolates()).isFalse();
        assertThat(sandbox.describe()).isEqualTo("builds are not isolated (bwrap is not installed): they run as this "
                + "user and can read what it can, only their environment is scrubbed; install bubblewrap (bwrap) to "
                + "sandbox them");
    }

    @Test
    void a_bwrap_that_cannot_run_here_leaves_builds_not_isolated_saying_what_it_said() throws IOException {
        // what bwrap says in a container that forbids user namespaces
        Path fake = Files.writeString(dir.resolve("bwrap"), "#!/bin/sh\n"
                + "echo 'bwrap: No permissions to create new namespace, likely because the kernel does not allow "
                + "non-privileged user namespaces.' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        BuildSandbox sandbox = BuildSandbox.detect(Map.of("PATH", dir + ":/usr/bin:/bin"), List.of());

        assertThat(sandbox.isolates()).isFalse();
        assertThat(sandbox.describe()).startsWith("builds are not isolated (" + fake + " cannot run here: bwrap: No "
                + "permissions to create new namespace, likely because");
    }

    @Test
    void a_build_sees_its_checkout_and_the_system_read_only_but_not_the_directory_around_it_nor_other_processes()
            throws IOException {
        // the platform's layout: the checkout inside the data directory, next to the token
        Files.writeString(dir.resolve("token"), "not for builds\n");
        build = new BuildFixture(dir, new BuildRunner(BuildRunner.Settings.detect(List.of(dir))));
        long platform = ProcessHandle.current().pid();

        BuildResult result = build.run(buildspec(List.of(
                "echo kept > \"$HOME/note\"; echo kept too > \"$TMPDIR/note\"",
                "cat \"$HOME/note\" \"$TMPDIR/note\" > seen.txt",
                "ls -A .. >> seen.txt; cat ../token " + dir + "/token >> seen.txt 2>&1 || true",
                "touch /usr/bin/planted 2>/dev/null || echo /usr is read-only >> seen.txt",
                "test -e /proc/" + platform + "/environ && echo sees the platform >> seen.txt || true",
                "grep CapEff /proc/self/status >> seen.txt",
                "echo \"$(ls /proc | grep -c '^[0-9]') processes\" >> seen.txt"), "files: [seen.txt]"), TAG);

        assertThat(result.succeeded()).as(result.message()).isTrue();
        List<String> seen = Files.readAllLines(result.artifactDir().resolve("seen.txt"));
        assertThat(seen.subList(0, seen.size() - 1)).containsExactly(
                "kept", "kept too", // a home and a /tmp of the build's own, kept from one command to the next
                "checkout", // all there is around the checkout
                "cat: ../token: No such file or directory",
                "cat: " + dir + "/token: No such file or directory",
                "/usr is read-only",
                "CapEff:\t0000000000000000"); // none, though the platform may run as root
        // bwrap's init, the shell, ls and grep: no other process, so no other process's environment
        assertThat(seen.get(seen.size() - 1)).matches("[1-5] processes");
        assertThat(Files.exists(Path.of("/usr/bin/planted"))).isFalse();
    }
}
