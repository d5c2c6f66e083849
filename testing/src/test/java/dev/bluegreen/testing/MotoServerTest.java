package dev.bluegreen.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoServerTest {

    @TempDir
    Path dir;

    @Test
    void a_server_answers_on_loopback_resets_and_leaves_no_process_behind() throws Exception {
        long pid;
        try (MotoServer moto = MotoServer.start()) {
            pid = moto.pid();
            assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            moto.reset();
            // moto's log is read by another thread: the line arrives a moment after the answer
            Await.until("moto's log shows the reset", Duration.ofSeconds(10),
                    () -> moto.output().contains("/moto-api/reset"), moto::output);
        }
        Optional<ProcessHandle> left = ProcessHandle.of(pid);
        assertThat(left.map(ProcessHandle::isAlive)).as("moto process %d after close", pid).isNotEqualTo(
                Optional.of(true));
    }

    @Test
    void a_missing_interpreter_fails_saying_what_to_install() {
        assertThatThrownBy(() -> MotoServer.start(dir.resolve("no-such-python").toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pip install 'moto[server]'");
    }

    @Test
    void an_interpreter_without_moto_fails_with_its_output() throws Exception {
        // stands in for a python3 without moto: says what that one says, and exits
        Path fake = Files.writeString(dir.resolve("python-without-moto"),
                "#!/bin/sh\necho \"/usr/bin/python3: No module named moto\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> MotoServer.start(fake.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moto exited with code 1 before answering GET http://127.0.0.1:")
                .hasMessageContaining("pip install 'moto[server]'")
                .hasMessageContaining("No module named moto");
    }
}
