package dev.bluegreen.aws.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Check action's program, as CodeBuild runs it in the app's checkout: the app's checks.yml against a real HTTP
 * server standing for the test listener; what it prints is the action's log, its exit code the action's result.
 */
class RunChecksTest {

    @TempDir
    Path checkout;
    TestSide testSide;

    @BeforeEach
    void start() throws Exception {
        testSide = new TestSide("b7-c0ffee1");
    }

    @AfterEach
    void stop() {
        testSide.close();
    }

    record Run(int exit, String output) {
    }

    private Run run(String... more) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"--test-url", testSide.url().toString(), "--tag", "b7-c0ffee1", "--commit",
                "c0ffee1234"}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        int exit = RunChecks.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private Run runIn(String checksYml) throws Exception {
        Files.writeString(checkout.resolve("checks.yml"), checksYml);
        return run("--checks", checkout.resolve("checks.yml").toString());
    }

    private void sampleAppsChecks() throws Exception {
        Files.copy(Path.of("..", "sample-app", "checks.yml"), checkout.resolve("checks.yml"));
    }

    @Test
    void the_sample_apps_checks_pass_against_a_test_side_serving_the_build() throws Exception {
        sampleAppsChecks();

        Run run = run("--checks", checkout.resolve("checks.yml").toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(testSide.requests).containsExactly("/", "/year?year=1942", "/version");
        assertThat(run.output()).contains("Check 'the home page offers the searches': GET " + testSide.url() + "/\n")
                .contains("Check 'a year search finds Casablanca' passed: GET /year?year=1942 answered 200 in ")
                .contains("Check '/version names this build' passed: GET /version answered 200 in ");
        assertThat(run.output().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("3 checks passed on the test side: 'the home page offers the searches' (");
    }

    @Test
    void a_broken_build_fails_naming_each_failed_check_with_its_reason_and_the_body() throws Exception {
        sampleAppsChecks();
        testSide.breakIt();

        Run run = run("--checks", checkout.resolve("checks.yml").toString());

        assertThat(run.exit()).isEqualTo(1);
        String verdict = run.output().substring(run.output().indexOf("3 of 3 checks failed"));
        assertThat(verdict).isEqualTo("""
                3 of 3 checks failed on the test side: 'the home page offers the searches', 'a year search finds \
                Casablanca', '/version names this build'
                the home page offers the searches: GET / answered 502, expected 200
                  the body began: <html><body><h1>502 Bad Gateway</h1></body></html>
                a year search finds Casablanca: GET /year?year=1942 answered 502, expected 200
                  the body began: <html><body><h1>502 Bad Gateway</h1></body></html>
                /version names this build: GET /version answered 502, expected 200
                  the body began: <html><body><h1>502 Bad Gateway</h1></body></html>
                """);
    }

    @Test
    void a_value_names_the_build_and_another_builds_answer_fails() throws Exception {
        Run run = runIn("""
                version: 1
                checks:
                  - name: /version names this build
                    http: {path: /version, json: {/label: "${BLUEGREEN_TAG}-x"}}
                """);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("/version names this build: GET /version its JSON has \"b7-c0ffee1\" at "
                + "/label, expected \"b7-c0ffee1-x\"");
    }

    @Test
    void commands_run_in_the_checkout_with_the_test_url_tag_and_commit_and_fail_with_their_output() throws Exception {
        Run run = runIn("""
                version: 1
                checks:
                  - name: sees the build
                    command: test -f checks.yml && echo "$TEST_URL $BLUEGREEN_TAG $BLUEGREEN_COMMIT" > seen.txt
                  - name: smoke test
                    command: echo starting; echo "no answer from $TEST_URL" >&2; exit 3
                """);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(Files.readString(checkout.resolve("seen.txt")))
                .isEqualTo(testSide.url() + " b7-c0ffee1 c0ffee1234\n");
        assertThat(run.output()).contains("Check 'sees the build' passed: the command exited 0 in ")
                .contains("Check 'smoke test': running command echo starting;")
                .endsWith("""
                        1 of 2 checks failed on the test side: 'smoke test'
                        smoke test: the command exited with code 3
                          starting
                          no answer from %s
                        """.formatted(testSide.url()));
    }

    @Test
    void a_command_is_held_to_its_timeout_and_what_it_leaves_in_the_background_ends_with_it() throws Exception {
        Run run = runIn("""
                version: 1
                checks:
                  - name: starts a server and returns
                    command: sleep 60 & echo $! > server.pid; echo started
                    timeout: 20
                  - name: hangs
                    command: echo waiting; sleep 60
                    timeout: 0.5
                """);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("Check 'starts a server and returns' passed")
                .endsWith("1 of 2 checks failed on the test side: 'hangs'\nhangs: the command did not finish within "
                        + "500 ms\n  waiting\n");
        long server = Long.parseLong(Files.readString(checkout.resolve("server.pid")).trim());
        Await.until("the server the check left running to end", Duration.ofSeconds(10),
                () -> ProcessHandle.of(server).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void no_checks_file_is_nothing_to_check_and_a_wrong_one_fails_with_what_is_wrong() throws Exception {
        Run none = run("--checks", checkout.resolve("checks.yml").toString());
        assertThat(none.exit()).isZero();
        assertThat(none.output()).isEqualTo("no checks.yml beside the buildspec: nothing to check\n");

        Run wrong = runIn("version: 1\nchecks:\n  - name: home\n    htp: {path: /}\n");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.output()).isEqualTo("checks.yml: checks[0].htp is not a key here (did you mean 'http'?) "
                + "(keys are name, http, command, timeout)\n");
        assertThat(testSide.requests).isEmpty();
    }

    @Test
    void wrong_usage_says_what_is_missing_and_how_to_call_it() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = RunChecks.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--test-url", "shop-alb:8080",
                "--tag", "b1", "--commit", "c1");

        assertThat(exit).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("error: --test-url 'shop-alb:8080' is not an "
                + "http(s) URL").contains(RunChecks.USAGE);
        bytes.reset();
        assertThat(RunChecks.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--tag", "b1")).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("error: --test-url is missing");
    }
}
