package dev.bluegreen.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.cli.Cli;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up --header-timeout} and {@code --max-connections}, as a user sets them and a slow client meets them. */
class ClientLimitsUpTest {

    @TempDir
    Path dir;

    @Test
    void a_client_slower_than_the_header_timeout_gets_408_and_is_counted_on_metrics() throws Exception {
        try (RunningUp up = new RunningUp(dir).start("--header-timeout", "1000", "--max-connections", "50")) {
            try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), up.prod)) {
                slow.setSoTimeout(10_000);
                OutputStream out = slow.getOutputStream();
                out.write("GET /version HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"error\":\"request_timeout\"");
            }
            assertThat(RunningUp.get(up.prod, "/version").statusCode()).as("a client at a normal pace")
                    .isEqualTo(200);

            String metrics = RunningUp.get(up.control, "/metrics").body();
            assertThat(metrics.lines().filter(line -> line.startsWith("lb_listener_connections_closed_total{")
                    && line.contains("listener=\"prod\"") && line.contains("reason=\"header_timeout\"")))
                    .singleElement().satisfies(line -> assertThat(line).endsWith(" 1.0"));
            assertThat(metrics).contains("lb_listener_connections{").contains("lb_listener_connection_limit_reached");
        }
    }

    @Test
    void limits_out_of_range_are_refused_with_what_is_allowed() throws Exception {
        Cli.Result instant = Cli.run(dir, "up", "--data-dir", dir.resolve("d").toString(), "--header-timeout", "5");
        assertThat(instant.exitCode()).isEqualTo(1);
        assertThat(instant.err()).contains("--header-timeout must be from 100 to 600000 ms, got 5");

        Cli.Result none = Cli.run(dir, "up", "--data-dir", dir.resolve("d").toString(), "--max-connections", "0");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("--max-connections must be from 1 to 100000, got 0");
    }
}
