package dev.bluegreen.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.cli.Cli;
import dev.bluegreen.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** `bluegreen aws logs` as a separate process, reading what the services wrote to moto's CloudWatch Logs. */
class AwsLogsCliTest {

    static MotoServer moto;
    static CloudWatchLogsClient logs;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        logs = CloudWatchLogsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(moto.endpoint())
                .credentialsProvider(MotoAlb.credentials()).build();
    }

    @AfterAll
    static void stop() {
        logs.close();
        moto.close();
    }

    private Map<String, String> aws() {
        return Map.of("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY,
                "AWS_REGION", MotoAlb.REGION, "AWS_ENDPOINT_URL", moto.endpoint().toString());
    }

    private static void write(String group, String stream, Instant time, String... messages) {
        if (logs.describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups().isEmpty()) {
            logs.createLogGroup(r -> r.logGroupName(group));
        }
        if (logs.describeLogStreams(r -> r.logGroupName(group).logStreamNamePrefix(stream)).logStreams().isEmpty()) {
            logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        }
        InputLogEvent[] events = new InputLogEvent[messages.length];
        for (int i = 0; i < messages.length; i++) {
            events[i] = InputLogEvent.builder().timestamp(time.toEpochMilli() + i).message(messages[i]).build();
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    @Test
    void prints_a_services_lines_in_time_order_and_the_last_ones_with_tail() throws Exception {
        Instant now = Instant.now();
        write("/bluegreen/shop-cluster/web-blue", "web/web/task-1", now.minusSeconds(30), "GET / 200", "GET /q 200");
        write("/bluegreen/shop-cluster/web-blue", "web/web/task-2", now.minusSeconds(20), "GET /health 200");
        write("/bluegreen/shop-cluster/web-blue", "web/web/task-1", now.minus(Duration.ofHours(3)), "old line");

        Cli.Result all = Cli.run(dir, aws(), "aws", "logs", "web-blue", "--stack", "shop");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines().toList()).hasSize(3);
        assertThat(all.out()).containsSubsequence("web/web/task-1 GET / 200", "web/web/task-1 GET /q 200",
                "web/web/task-2 GET /health 200").doesNotContain("old line");

        Cli.Result tail = Cli.run(dir, aws(), "aws", "logs", "web-blue", "--stack", "shop", "--tail", "1");
        assertThat(tail.out().lines().toList()).hasSize(1).allMatch(l -> l.endsWith("GET /health 200"));

        Cli.Result longer = Cli.run(dir, aws(), "aws", "logs", "web-blue", "--stack", "shop", "--since", "1d");
        assertThat(longer.out()).contains("old line");
    }

    @Test
    void the_build_steps_share_a_log_group_and_are_told_apart_by_stream() throws Exception {
        write("/bluegreen/shop/build", "build/1a2b", Instant.now().minusSeconds(5), "docker push web:c0ffee-1");
        write("/bluegreen/shop/build", "discover/3c4d", Instant.now().minusSeconds(4), "build c0ffee-1 goes to Code2");

        Cli.Result discover = Cli.run(dir, aws(), "aws", "logs", "discover", "--stack", "shop");
        assertThat(discover.exitCode()).as(discover.err()).isZero();
        assertThat(discover.out()).contains("build c0ffee-1 goes to Code2").doesNotContain("docker push");

        write("/bluegreen/shop/build", "check/5e6f", Instant.now().minusSeconds(3), "1 of 3 checks failed on the test "
                + "side: 'a year search finds Casablanca'");
        Cli.Result check = Cli.run(dir, aws(), "aws", "logs", "check", "--stack", "shop");
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("1 of 3 checks failed on the test side: 'a year search finds Casablanca'")
                .doesNotContain("goes to Code2");
    }

    @Test
    void status_shows_the_checks_verdict_from_the_log_of_a_check_action_that_failed() throws Exception {
        write("/bluegreen/shop/build", "check/7f00-2", Instant.now().minusSeconds(30),
                "[Container] 2026/12/05 10:00:00 Running command java -cp /tmp/bluegreen-aws-functions.jar ...",
                "Check 'a year search finds Casablanca' FAILED: GET /year?year=1942 answered 502, expected 200",
                "1 of 3 checks failed on the test side: 'a year search finds Casablanca'",
                "a year search finds Casablanca: GET /year?year=1942 answered 502, expected 200",
                "  the body began: <html><body><h1>502 Bad Gateway</h1></body></html>",
                "[Container] 2026/12/05 10:00:01 Command did not exit successfully java -cp ... exit status 1");
        try (FakeCodePipeline pipeline = new FakeCodePipeline("shop-pipeline")) {
            pipeline.failAtCheck("shop-check:7f00-2");
            Map<String, String> env = new java.util.HashMap<>(aws());
            env.put("AWS_ENDPOINT_URL_CODEPIPELINE", pipeline.endpoint().toString());

            Cli.Result status = Cli.run(dir, env, "aws", "status", "--stack", "shop");

            assertThat(status.exitCode()).as(status.err()).isZero();
            String indent = " ".repeat(25);
            assertThat(status.out()).contains("""
                      Release    Failed      Check failed: 1 of 3 checks failed on the test side: 'a year search \
                    finds Casablanca'
                    %sa year search finds Casablanca: GET /year?year=1942 answered 502, expected 200
                    %s  the body began: <html><body><h1>502 Bad Gateway</h1></body></html>
                    """.formatted(indent, indent)).doesNotContain("Command did not exit successfully");
        }
    }

    @Test
    void follow_prints_new_lines_as_they_arrive() throws Exception {
        write("/aws/lambda/shop-flip", "2026/11/28/[$LATEST]a", Instant.now().minusSeconds(2), "{\"event\":\"one\"}");
        Path out = dir.resolve("follow.out");
        Process follow = Cli.command(dir, aws(), "aws", "logs", "flip", "--stack", "shop", "-f", "--tail", "1")
                .redirectOutput(out.toFile()).redirectError(dir.resolve("follow.err").toFile()).start();
        try {
            awaitContent(out, "{\"event\":\"one\"}", follow);
            write("/aws/lambda/shop-flip", "2026/11/28/[$LATEST]a", Instant.now(), "{\"event\":\"two\"}",
                    "{\"event\":\"three\"}");
            awaitContent(out, "{\"event\":\"three\"}", follow);
            assertThat(Files.readString(out)).as("--tail bounds the backlog only").contains("{\"event\":\"two\"}");
            assertThat(Files.readString(out).lines().filter(l -> l.contains("\"one\"")).count())
                    .as("a line is printed once").isEqualTo(1);
        } finally {
            follow.destroy();
            follow.waitFor();
        }
    }

    @Test
    void mistakes_are_clear_errors() throws Exception {
        Cli.Result unknown = Cli.run(dir, aws(), "aws", "logs", "database", "--stack", "shop");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().trim()).isEqualTo("error: there is no service 'database': expected one of "
                + "web-blue, web-green, api, build, discover, check, flip, bake");

        Cli.Result missing = Cli.run(dir, aws(), "aws", "logs", "api", "--stack", "nothere");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("log group /bluegreen/nothere-cluster/api does not exist (yet)");

        Cli.Result since = Cli.run(dir, aws(), "aws", "logs", "api", "--since", "yesterday");
        assertThat(since.exitCode()).isEqualTo(1);
        assertThat(since.err()).contains("--since 'yesterday': expected a positive number and a unit");
    }

    private static void awaitContent(Path file, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            assertThat(process.isAlive()).as("aws logs -f is still running").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("no line with " + text + " in " + Files.readString(file));
    }
}
