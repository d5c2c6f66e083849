package dev.bluegreen.cli.movies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void on_a_terminal_a_bar_is_redrawn_in_place_with_rate_and_eta() {
        ConsoleProgress progress = new ConsoleProgress(out, true);
        progress.started("Loading moviedata.json", 4609);
        progress.advanced(500);
        progress.advanced(4609);
        progress.finished();

        String[] frames = shown().split("\r");
        assertThat(frames[1]).startsWith("Loading moviedata.json [###-").contains(" 10% 500/4,609 ").contains("/s ETA ");
        assertThat(frames[2]).startsWith("Loading moviedata.json [" + "#".repeat(30) + "] 100% 4,609/4,609");
        assertThat(shown()).endsWith(System.lineSeparator());
    }

    @Test
    void elsewhere_plain_lines_that_logs_can_keep() {
        ConsoleProgress progress = new ConsoleProgress(out, false);
        progress.started("Loading moviedata.json", 4609);
        progress.advanced(500);
        progress.advanced(4609);
        progress.finished();

        assertThat(shown()).doesNotContain("\r");
        assertThat(shown().lines()).first().isEqualTo("Loading moviedata.json: 4,609 movies");
        assertThat(shown().lines()).last().asString()
                .matches("Loading moviedata\\.json: 4,609 of 4,609 \\([\\d,]+ movies/s\\)");
    }
}
