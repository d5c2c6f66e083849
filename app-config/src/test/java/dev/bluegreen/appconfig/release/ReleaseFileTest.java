package dev.bluegreen.appconfig.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseFileTest {

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> ReleaseFile.parse(yaml, "release.yml")).isInstanceOf(AppConfigException.class)
                .hasMessage(message);
    }

    @Test
    void reads_each_strategy_from_text_a_file_and_the_sample_app(@TempDir Path dir) throws Exception {
        assertThat(ReleaseFile.parse("version: 1\nstrategy: canary:10%:30s\n", "release.yml"))
                .isEqualTo(new ReleaseStrategy.Canary(10, Duration.ofSeconds(30)));
        assertThat(ReleaseFile.parse("# comment\nversion: 1\nstrategy: linear:20%:1m\n", "release.yml"))
                .isEqualTo(new ReleaseStrategy.Linear(20, Duration.ofMinutes(1)));
        assertThat(ReleaseFile.parse("version: '1'\nstrategy: all-at-once\n", "release.yml"))
                .isEqualTo(ReleaseStrategy.ALL_AT_ONCE);
        assertThat(ReleaseFile.read(Path.of("..", "sample-app", ReleaseFile.FILE_NAME)))
                .as("the sample app's demo goes through a canary").isInstanceOf(ReleaseStrategy.Canary.class);
        Files.writeString(dir.resolve("release.yml"), "version: 1\nstrategy: canary:20%:10s\n");
        assertThat(ReleaseFile.read(dir.resolve("release.yml")).spec()).isEqualTo("canary:20%:10s");
    }

    @Test
    void a_strategy_that_cannot_be_followed_is_refused_naming_the_file_the_line_and_what_is_expected() {
        assertRejected("version: 1\n\nstrategy: canary:10\n", "release.yml: line 3: release strategy 'canary:10' is "
                + "not " + ReleaseStrategy.FORMAT);
        assertRejected("version: 1\nstrategy: canary:150%:5m\n", "release.yml: line 2: release strategy "
                + "'canary:150%:5m': the step must be 1 to 99 % of production, not 150 %");
        assertRejected("version: 1\nstrategy: linear:20%:5 minutes\n", "release.yml: line 2: release strategy "
                + "'linear:20%:5 minutes' is not " + ReleaseStrategy.FORMAT);
        assertRejected("version: 1\nstrategy:\n", "release.yml: line 2: strategy must be " + ReleaseStrategy.FORMAT
                + ", got nothing (an empty value)");
        assertRejected("version: 1\nstrategy: [canary]\n", "release.yml: line 2: strategy must be "
                + ReleaseStrategy.FORMAT + ", got a list");
        assertRejected("strategy: all-at-once\n", "release.yml: version must be 1, got nothing (start the file with "
                + "'version: 1')");
        assertRejected("version: 1\nstrategy: all-at-once\nstickyness: true\n", "release.yml: line 3: stickyness is "
                + "not a key here (keys are version, strategy)");
        assertRejected("version: 1\nstratgy: all-at-once\n", "release.yml: line 2: stratgy is not a key here (did "
                + "you mean 'strategy'?) (keys are version, strategy)");
        assertRejected("", "release.yml: must be a map with 'version: 1' and 'strategy: SPEC', SPEC being "
                + ReleaseStrategy.FORMAT + "; got nothing");
        assertRejected("version: 1\nstrategy: 'unclosed\n", "release.yml: line 3, column 1: not valid YAML: found "
                + "unexpected end of stream (while scanning a quoted scalar that starts at line 2)");
    }
}
