package dev.bluegreen.appconfig.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.core.check.Check;
import dev.bluegreen.core.check.CommandCheck;
import dev.bluegreen.core.check.HttpCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksFileTest {

    private static List<Check> parse(String yaml) {
        return ChecksFile.parse(yaml, "checks.yml");
    }

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(AppConfigException.class).hasMessage(message);
    }

    @Test
    void reads_requests_with_what_their_answers_must_be_and_commands_with_their_time_limits() {
        List<Check> checks = parse("""
                version: 1
                checks:
                  - name: home page
                    http:
                      path: /
                      contains: Find movies
                  - name: /version names this build
                    http:
                      path: /version
                      status: 200
                      json:
                        /label: ${BLUEGREEN_TAG}
                        /port: 8000
                    timeout: 2.5
                  - name: smoke test
                    command: ./smoke.sh "$TEST_URL"
                    timeout: 30
                """);

        assertThat(checks).containsExactly(
                new HttpCheck("home page", "/", 200, "Find movies", Map.of(), HttpCheck.DEFAULT_TIMEOUT),
                new HttpCheck("/version names this build", "/version", 200, null,
                        Map.of("/label", "${BLUEGREEN_TAG}", "/port", "8000"), Duration.ofMillis(2500)),
                new CommandCheck("smoke test", "./smoke.sh \"$TEST_URL\"", Duration.ofSeconds(30)));
    }

    @Test
    void an_empty_list_is_no_check_and_the_sample_apps_file_reads(@TempDir Path dir) throws Exception {
        assertThat(parse("version: 1\nchecks: []\n")).isEmpty();
        Path sample = Path.of("..", "sample-app", ChecksFile.FILE_NAME);
        assertThat(ChecksFile.read(sample)).extracting(Check::name).hasSizeGreaterThanOrEqualTo(3);
        Files.writeString(dir.resolve("checks.yml"), "version: 1\nchecks:\n  - name: x\n    http: {path: /}\n");
        assertThat(ChecksFile.read(dir.resolve("checks.yml"))).hasSize(1);
    }

    @Test
    void a_check_that_cannot_run_is_refused_naming_the_file_the_check_and_the_field() {
        assertRejected("checks: []\n", "checks.yml: version must be 1, got nothing (start the file with "
                + "'version: 1')");
        assertRejected("version: 1\nchecks: {name: x}\n", "checks.yml: checks must be a list of checks, each with a "
                + "name and http or command, got a map");
        assertRejected("version: 1\nchecks:\n  - name: x\n", "checks.yml: checks[0] ('x') needs exactly one of http "
                + "(a request and what its answer must be) or command (a shell command that must exit 0)");
        assertRejected("version: 1\nchecks:\n  - name: x\n    htp: {path: /}\n", "checks.yml: checks[0].htp is not a "
                + "key here (did you mean 'http'?) (keys are name, http, command, timeout)");
        assertRejected("version: 1\nchecks:\n  - name: x\n    http: {path: /, status: ok}\n", "checks.yml: "
                + "checks[0].http.status must be an HTTP status (a number) such as 200, got the string \"ok\"");
        assertRejected("version: 1\nchecks:\n  - name: x\n    http: {path: version}\n", "checks.yml: checks[0]: "
                + "check 'x': path must start with / (one) and hold no spaces or control characters, such as "
                + "/year?year=2013, got 'version'");
        assertRejected("version: 1\nchecks:\n  - name: x\n    http: {path: /, json: {/label: '${TAG}'}}\n",
                "checks.yml: checks[0]: check 'x': json /label names ${TAG}, which is not one of ${TEST_URL}, "
                        + "${BLUEGREEN_TAG}, ${BLUEGREEN_COMMIT}");
        assertRejected("version: 1\nchecks:\n  - name: x\n    command: 'true'\n    timeout: -1\n", "checks.yml: "
                + "checks[0].timeout must be a number of seconds more than 0 such as 30, got the number -1");
        assertRejected("version: 1\nchecks:\n  - name: x\n    command: 'true'\n  - name: x\n    command: 'false'\n",
                "checks.yml: checks[1]: the name 'x' is given to another check already; names tell the checks "
                        + "apart in the verdict");
    }
}
