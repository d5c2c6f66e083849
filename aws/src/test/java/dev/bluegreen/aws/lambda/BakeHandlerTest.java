package dev.bluegreen.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.MovingClock;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.ecs.FakeEcs;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The Bake Lambda's handler, invoked as CodePipeline invokes it: once after the flip, then again with each
 * continuation token it gave, until it passes or fails. The load balancer is moto's; CloudWatch (whose protocol moto
 * does not answer) and CodePipeline's job calls are fakes at the HTTP level. Time is a clock the test holds: when
 * the function waits for its next look, the clock moves instead.
 */
class BakeHandlerTest {

    static final MotoServer moto = MotoServer.shared();
    FakeCodePipeline pipeline;
    FakeCloudWatch cloudWatch;
    FakeEcs ecs;
    MotoAlb lb;
    BakeHandler handler;
    final MovingClock clock = new MovingClock(Instant.parse("2026-12-05T10:00:20Z"));
    final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        pipeline = new FakeCodePipeline();
        cloudWatch = new FakeCloudWatch();
        lb = MotoAlb.create(moto, "v1");
        lb.setTag(lb.green, "Image", "v2");
        AlbSwitch.flipper(Alb.named(lb.elb, lb.name)).promote("v2", new Flipper.Request("pipeline", "flip-job"));
        ecs = new FakeEcs(lb.elb);
        handler = new BakeHandler(lb.elb, EcsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(ecs.endpoint())
                .credentialsProvider(MotoAlb.credentials()).build(), CloudWatchClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(cloudWatch.endpoint())
                .credentialsProvider(MotoAlb.credentials()).build(),
                CodePipelineClient.builder().httpClient(UrlConnectionHttpClient.create())
                        .region(Region.of(MotoAlb.REGION)).endpointOverride(pipeline.endpoint())
                        .credentialsProvider(MotoAlb.credentials()).build(),
                clock, duration -> {
                    pauses.add(duration);
                    clock.move(duration);
                });
    }

    @AfterEach
    void tearDown() {
        pipeline.close();
        cloudWatch.close();
        ecs.close();
    }

    @Test
    void a_healthy_production_passes_after_the_window_looked_at_once_a_minute_between_invocations() throws Exception {
        cloudWatch.targetGroup(group(lb.green), 1000, 3, 0.35);

        bakeUntilDone(180_000, 0.05, 2000);

        assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation).containsOnly("PutJobSuccessResult");
        assertThat(pipeline.calls).extracting(c -> c.body().path("continuationToken").isTextual())
                .as("continued three times, then done").containsExactly(true, true, true, false);
        assertThat(summary(pipeline.calls.get(1))).isEqualTo("baking " + lb.green + " (v2), 60 of 180 s: 1000 "
                + "requests, 3 5xx, p99 350 ms");
        assertThat(pipeline.calls.get(1).body().at("/executionDetails/percentComplete").asInt()).isEqualTo(33);
        assertThat(summary(pipeline.calls.get(3))).isEqualTo("production healthy for 180 s: 1000 requests, 3 5xx, "
                + "p99 350 ms");
        assertThat(pauses).as("each invocation came at once: it waited for its look").containsOnly(
                Duration.ofMinutes(1));
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
    }

    @Test
    void once_the_bake_passed_the_side_production_left_goes_back_to_the_idle_count() throws Exception {
        ecs.service("movies-cluster", "blue-web", lb.groupArn(lb.blue), 2);
        ecs.service("movies-cluster", "green-web", lb.groupArn(lb.green), 2);
        lb.setTag(lb.blue, EcsCapacity.CLUSTER_TAG, "movies-cluster");
        lb.setTag(lb.green, EcsCapacity.CLUSTER_TAG, "movies-cluster");
        cloudWatch.targetGroup(group(lb.green), 1000, 3, 0.35);
        String token = continuation(invoke(job("bake-1", null, 60_000)));
        assertThat(ecs.desired("blue-web")).as("while the bake lasts, a rollback goes back at once").isEqualTo(2);

        invoke(job("bake-2", token, 60_000));

        assertThat(summary(pipeline.calls.get(1))).isEqualTo("production healthy for 60 s: 1000 requests, 3 5xx, "
                + "p99 350 ms; blue-web scaled from 2 to 1 task(s), idle now that production left " + lb.blue);
        assertThat(ecs.desired("blue-web")).isEqualTo(1);
        assertThat(ecs.running("blue-web")).isEqualTo(1);
        assertThat(ecs.desired("green-web")).as("production keeps its count").isEqualTo(2);
    }

    @Test
    void it_reads_production_groups_metrics_in_the_protocol_the_sdk_sends_over_whole_minutes_since_the_flip()
            throws Exception {
        cloudWatch.targetGroup(group(lb.green), 1000, 3, 0.35);

        bakeUntilDone(60_000, 0.05, 2000);

        assertThat(cloudWatch.requests).hasSize(1);
        FakeCloudWatch.Request request = cloudWatch.requests.get(0);
        assertThat(request.protocol()).isEqualTo("rpc-v2-cbor");
        assertThat(request.contentType()).isEqualTo("application/cbor");
        JsonNode body = request.body();
        assertThat(Instant.ofEpochSecond(body.path("StartTime").asLong())).isEqualTo("2026-12-05T10:00:00Z");
        assertThat(Instant.ofEpochSecond(body.path("EndTime").asLong())).isEqualTo("2026-12-05T10:02:00Z");
        List<String> queries = new ArrayList<>();
        for (JsonNode q : body.path("MetricDataQueries")) {
            JsonNode stat = q.path("MetricStat");
            List<String> dimensions = new ArrayList<>();
            stat.at("/Metric/Dimensions").forEach(d -> dimensions.add(d.path("Name").asText() + "="
                    + d.path("Value").asText()));
            queries.add(stat.at("/Metric/Namespace").asText() + " " + stat.at("/Metric/MetricName").asText() + " "
                    + stat.path("Stat").asText() + " " + stat.path("Period").asInt() + " " + dimensions);
        }
        String both = "[LoadBalancer=" + balancer() + ", TargetGroup=" + group(lb.green) + "]";
        assertThat(queries).containsExactlyInAnyOrder(
                "AWS/ApplicationELB RequestCount Sum 120 " + both,
                "AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum 120 " + both,
                "AWS/ApplicationELB TargetResponseTime p99 120 " + both,
                "AWS/ApplicationELB HTTPCode_ELB_502_Count Sum 120 [LoadBalancer=" + balancer() + "]",
                "AWS/ApplicationELB HTTPCode_ELB_503_Count Sum 120 [LoadBalancer=" + balancer() + "]",
                "AWS/ApplicationELB HTTPCode_ELB_504_Count Sum 120 [LoadBalancer=" + balancer() + "]");
    }

    @Test
    void too_many_5xx_roll_production_back_at_once_and_fail_the_stage_with_the_figures() throws Exception {
        cloudWatch.targetGroup(group(lb.green), 200, 30, 0.2);
        cloudWatch.loadBalancer("HTTPCode_ELB_503_Count", balancer(), 10);

        bakeUntilDone(600_000, 0.05, 2000);

        assertThat(lb.forwardsTo(80)).as("rolled back").isEqualTo(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
        assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation)
                .containsExactly("PutJobSuccessResult", "PutJobFailureResult");
        assertThat(failure(pipeline.calls.get(1))).isEqualTo("20.0 % of 200 production requests answered 5xx "
                + "(limit 5.0 %); rollback: production now on " + lb.blue + " (v1), test on " + lb.green + " (v2)");
    }

    @Test
    void a_slow_production_is_rolled_back_on_its_p99() throws Exception {
        cloudWatch.targetGroup(group(lb.green), 500, 0, 2.5);

        bakeUntilDone(600_000, 0.05, 2000);

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(failure(pipeline.calls.get(1))).startsWith("production p99 latency 2500 ms over 500 requests "
                + "(limit 2000 ms); rollback: production now on " + lb.blue);
    }

    @Test
    void a_few_failing_requests_are_too_few_to_judge() throws Exception {
        cloudWatch.targetGroup(group(lb.green), 10, 5, 0.1);

        bakeUntilDone(60_000, 0.05, 2000);

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(summary(pipeline.calls.get(1))).isEqualTo("production healthy for 60 s: 10 requests, 5 5xx, p99 "
                + "100 ms");
    }

    @Test
    void production_moved_by_someone_during_the_bake_stops_it_without_rolling_anything_back() throws Exception {
        cloudWatch.targetGroup(group(lb.green), 200, 100, 0.2);
        String token = continuation(invoke(job("bake-1", null, 600_000)));
        AlbSwitch.flipper(Alb.named(lb.elb, lb.name)).rollback(Flipper.Request.by("operator"));

        invoke(job("bake-2", token, 600_000));

        assertThat(lb.forwardsTo(80)).as("not flipped back to the failing build").isEqualTo(lb.blue);
        assertThat(failure(pipeline.calls.get(1))).isEqualTo("production moved from " + lb.green + " to " + lb.blue
                + " (v1) during the bake: someone flipped or rolled back; the bake stops, nothing rolled back");
        assertThat(cloudWatch.requests).isEmpty();
    }

    @Test
    void a_job_delivered_again_after_it_rolled_back_does_not_roll_back_twice() throws Exception {
        cloudWatch.targetGroup(group(lb.green), 200, 100, 0.2);
        String token = continuation(invoke(job("bake-1", null, 600_000)));
        String event = job("bake-2", token, 600_000);
        pipeline.refuseNext(1);

        assertThatThrownBy(() -> invoke(event)).as("the failure could not be reported: Lambda retries")
                .isInstanceOf(SdkException.class);
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);

        invoke(event);

        assertThat(lb.forwardsTo(80)).as("still rolled back, not flipped again").isEqualTo(lb.blue);
        assertThat(failure(pipeline.calls.get(2))).isEqualTo("this bake rolled production back already (the same "
                + "job, delivered again): production is on " + lb.blue + " (v1)");
    }

    @Test
    void metrics_that_cannot_be_read_fail_the_stage_and_leave_production_as_it_is() throws Exception {
        String token = continuation(invoke(job("bake-1", null, 600_000)));
        cloudWatch.refuse();

        invoke(job("bake-2", token, 600_000));

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(failure(pipeline.calls.get(1))).startsWith("an AWS call failed: ").contains("refused (injected)")
                .endsWith("; production was not rolled back (retry the Bake action to bake again)");
    }

    @Test
    void a_window_of_zero_passes_at_once_and_reads_nothing() throws Exception {
        invoke(job("bake-1", null, 0));

        assertThat(summary(pipeline.calls.get(0))).isEqualTo("no bake: its window is 0");
        assertThat(pipeline.calls.get(0).body().has("continuationToken")).isFalse();
        assertThat(cloudWatch.requests).isEmpty();
    }

    @Test
    void a_build_that_is_not_in_production_when_the_bake_starts_fails_it() throws Exception {
        AlbSwitch.flipper(Alb.named(lb.elb, lb.name)).rollback(Flipper.Request.by("operator"));

        invoke(job("bake-1", null, 600_000));

        assertThat(failure(pipeline.calls.get(0))).isEqualTo("production (" + lb.blue + ") runs v1, not build v2: "
                + "someone flipped or rolled back since the flip; nothing to bake, nothing rolled back");
    }

    @Test
    void wrong_parameters_and_a_foreign_token_fail_the_job_clearly() throws Exception {
        invoke(FlipHandlerTest.job("bake-1", "{\"ElbName\": \"" + lb.name + "\", \"Image\": \"v2\"}"));
        invoke(FlipHandlerTest.job("bake-2", parameters(-1, 0.05, 2000)));
        invoke(job("bake-3", "{\"not\": \"ours\"}", 600_000));

        assertThat(pipeline.calls).extracting(this::failure).containsExactly(
                "UserParameters has no number BakeWindow; expected " + BakeHandler.EXPECTED,
                "bake window must not be negative, the error rate must be from 0 to 1, p99 positive and the minimum "
                        + "of requests at least 1",
                "the continuation token is not one the bake wrote: {\"not\": \"ours\"}");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
    }

    /** Invokes the function as CodePipeline would: again with each continuation token, until it is done. */
    private void bakeUntilDone(long windowMs, double maxErrorRate, long maxP99Ms) throws Exception {
        String token = null;
        for (int i = 1; i <= 20; i++) {
            String outcome = invoke(FlipHandlerTest.job("bake-" + i, parameters(windowMs, maxErrorRate, maxP99Ms),
                    token));
            if (!outcome.contains("\"continues\"")) {
                return;
            }
            token = continuation(outcome);
        }
        throw new AssertionError("the bake did not end in 20 invocations");
    }

    private String continuation(String outcome) {
        assertThat(outcome).contains("\"continues\"");
        return pipeline.calls.get(pipeline.calls.size() - 1).body().path("continuationToken").asText();
    }

    private String job(String id, String token, long windowMs) {
        return FlipHandlerTest.job(id, parameters(windowMs, 0.05, 2000), token);
    }

    private String parameters(long windowMs, double maxErrorRate, long maxP99Ms) {
        return "{\"ElbName\": \"" + lb.name + "\", \"Image\": \"v2\", \"BakeWindow\": \"" + windowMs
                + "\", \"BakeMaxErrorRate\": \"" + maxErrorRate + "\", \"BakeMaxP99\": \"" + maxP99Ms
                + "\", \"ProductionTasks\": \"2\", \"IdleTasks\": \"1\"}";
    }

    private String invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String summary(FakeCodePipeline.Call call) {
        assertThat(call.operation()).isEqualTo("PutJobSuccessResult");
        return call.body().at("/executionDetails/summary").asText();
    }

    private String failure(FakeCodePipeline.Call call) {
        assertThat(call.operation()).isEqualTo("PutJobFailureResult");
        return call.body().at("/failureDetails/message").asText();
    }

    private String group(String name) {
        String arn = lb.groupArn(name);
        return arn.substring(arn.indexOf(":targetgroup/") + 1);
    }

    private String balancer() {
        return lb.arn.substring(lb.arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
    }
}
