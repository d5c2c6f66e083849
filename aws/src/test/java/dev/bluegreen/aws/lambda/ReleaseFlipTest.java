package dev.bluegreen.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.MovingClock;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.ecs.FakeEcs;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The Flip Lambda releasing a build by a canary or linear strategy, invoked as CodePipeline invokes it: once after the
 * approval, then again with each continuation token. The ALB is moto's (whose weighted forward keeps its weights);
 * ECS, CloudWatch (each side's figures, in the protocol the SDK sends) and CodePipeline (job results, and the
 * approval's comment through GetPipelineState) are fakes at the HTTP level; time is a clock the function's waits move.
 */
class ReleaseFlipTest {

    static final MotoServer moto = MotoServer.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PIPELINE = "movies-pipeline";
    static final Instant START = Instant.parse("2026-12-05T10:00:00Z");
    FakeCodePipeline pipeline;
    FakeCloudWatch cloudWatch;
    FakeEcs ecs;
    MotoAlb lb;
    FlipHandler flip;
    BakeHandler bake;
    final MovingClock clock = new MovingClock(START);
    final List<Duration> pauses = new ArrayList<>();
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream stdout;

    @BeforeEach
    void setUp() throws Exception {
        stdout = System.out;
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        pipeline = new FakeCodePipeline();
        cloudWatch = new FakeCloudWatch();
        lb = MotoAlb.create(moto, "v1");
        lb.setTag(lb.green, "Image", "v2"); // the approved build, deployed to the test side at production's count
        ecs = new FakeEcs(lb.elb).startingAtOnce();
        ecs.service("movies-cluster", "blue-web", lb.groupArn(lb.blue), 2);
        ecs.service("movies-cluster", "green-web", lb.groupArn(lb.green), 2);
        lb.setTag(lb.blue, EcsCapacity.CLUSTER_TAG, "movies-cluster");
        lb.setTag(lb.green, EcsCapacity.CLUSTER_TAG, "movies-cluster");
        EcsClient ecsClient = EcsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(ecs.endpoint())
                .credentialsProvider(MotoAlb.credentials()).build();
        CloudWatchClient cw = CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(cloudWatch.endpoint())
                .credentialsProvider(MotoAlb.credentials()).build();
        CodePipelineClient cp = CodePipelineClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(pipeline.endpoint())
                .credentialsProvider(MotoAlb.credentials()).build();
        flip = new FlipHandler(lb.elb, ecsClient, cw, cp, clock, this::pause);
        bake = new BakeHandler(lb.elb, ecsClient, cw, cp, clock, this::pause);
        pipeline.approved(PIPELINE, "exec-1", null);
    }

    @AfterEach
    void tearDown() {
        System.setOut(stdout);
        pipeline.close();
        cloudWatch.close();
        ecs.close();
    }

    /** What happens while a function waits, besides the time passing. */
    Runnable meanwhile = () -> { };

    private void pause(Duration duration) {
        pauses.add(duration);
        clock.move(duration);
        meanwhile.run();
    }

    @Test
    void a_canary_that_passes_sends_ten_percent_judges_the_sides_then_promotes_and_the_bake_follows()
            throws Exception {
        healthyFigures();

        List<Map<String, Integer>> weights = releaseUntilDone("canary:10%:5m", "none");

        assertThat(weights.get(0)).containsExactly(Map.entry(lb.blue, 90), Map.entry(lb.green, 10));
        assertThat(weights).as("held at 10 % until the step was judged, then promoted").hasSize(6)
                .allMatch(w -> w.isEmpty() || w.equals(weights.get(0)));
        assertThat(weights.get(5)).isEmpty();
        assertThat(lb.plainForward(80)).contains(lb.green);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.blue);
        assertThat(pauses).as("no invocation waited more than a minute").containsOnly(Duration.ofMinutes(1))
                .hasSize(5);
        assertThat(lastSummary()).isEqualTo("canary: 10 % for 5m, then 100 % (chosen by the stack's default): step 1 "
                + "of 2 (10 % for 300 s) passed: new side 200 requests, 0.5 % 5xx, p99 120 ms; old side 1800 requests, "
                + "0.1 % 5xx, p99 100 ms; flip: production now on " + lb.green + " (v2), test on " + lb.blue + " (v1)");
        assertThat(pipeline.calls).extracting(c -> c.body().at("/executionDetails/summary").asText())
                .as("GetPipelineState, then what the pipeline shows").element(1).isEqualTo("canary: 10 % for 5m, then "
                        + "100 % (chosen by the stack's default): step 1 of 2 (10 % for 300 s) begins; shift: 10 % of "
                        + "production on " + lb.green + " (v2), 90 % on " + lb.blue + " (v1)");
        assertThat(pipeline.calls.get(2).body().at("/executionDetails/summary").asText()).endsWith("step 1 of 2 "
                + "(10 % for 300 s), 60 s in");
        assertThat(pipeline.calls.get(2).body().at("/executionDetails/percentComplete").asInt()).isEqualTo(20);
        JsonNode judged = cloudWatch.requests.get(cloudWatch.requests.size() - 1).body();
        assertThat(judged.path("StartTime").asLong()).as("the step's interval, in whole minutes")
                .isEqualTo(START.getEpochSecond());
        assertThat(judged.path("EndTime").asLong()).isEqualTo(START.plus(Duration.ofMinutes(6)).getEpochSecond());
        JsonNode step = logLine("release-step");
        assertThat(step.path("verdict").asText()).isEqualTo("passed");
        assertThat(step.path("percent").asInt()).isEqualTo(10);
        assertThat(step.at("/newSide/requests").asLong()).isEqualTo(200);
        assertThat(step.at("/oldSide/p99Ms").asLong()).isEqualTo(100);

        String bakeToken = continuation(invoke(bake, FlipHandlerTest.job("bake-1", bakeParameters(), null)));
        assertThat(invoke(bake, FlipHandlerTest.job("bake-2", bakeParameters(), bakeToken))).contains("succeeded");
        assertThat(ecs.desired("blue-web")).as("the bake idled the side production left").isEqualTo(1);
    }

    @Test
    void a_canary_whose_new_side_errors_is_sent_back_at_its_step_and_the_job_fails_with_the_figures()
            throws Exception {
        cloudWatch.targetGroup(group(lb.green), 200, 40, 0.12);
        cloudWatch.targetGroup(group(lb.blue), 1800, 2, 0.10);

        releaseUntilDone("canary:10%:5m", "none");

        assertThat(pipeline.calls.get(pipeline.calls.size() - 1).operation()).isEqualTo("PutJobFailureResult");
        String failure = lastFailure();
        assertThat(failure).isEqualTo("step 1 of 2 (10 % for 300 s): 20.0 % of 200 new-side requests answered 5xx "
                + "(limit 5.0 %) (new side 200 requests, 20.0 % 5xx, p99 120 ms; old side 1800 requests, 0.1 % 5xx, "
                + "p99 100 ms); rollback: production now on " + lb.blue + " (v1), test on " + lb.green + " (v2)");
        assertThat(lb.plainForward(80)).as("all of production back on the old side, one group").contains(lb.blue);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.green);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
        assertThat(logLine("release-step").path("verdict").asText()).isEqualTo("breached");
    }

    @Test
    void a_linear_release_takes_its_share_step_by_step_each_judged() throws Exception {
        healthyFigures();

        List<Map<String, Integer>> weights = releaseUntilDone("linear:25%:1m", "none");

        assertThat(weights.stream().distinct().toList()).containsExactly(
                Map.of(lb.blue, 75, lb.green, 25), Map.of(lb.blue, 50, lb.green, 50),
                Map.of(lb.blue, 25, lb.green, 75), Map.of());
        assertThat(lb.plainForward(80)).contains(lb.green);
        assertThat(logged.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"release-step\"")))
                .as("three steps judged before the promotion").hasSize(3);
        assertThat(lastSummary()).startsWith("linear: 25 % more every 1m (4 steps) (chosen by the stack's default): "
                + "step 3 of 4 (75 % for 60 s) passed");
    }

    @Test
    void the_approvers_strategy_in_the_reviews_comment_wins_over_the_apps_and_the_stacks() throws Exception {
        healthyFigures();
        pipeline.approved(PIPELINE, "exec-1", "Looks right on the test listener.\nstrategy: canary:20%:2m");

        releaseUntilDone("all-at-once", "linear:50%:1m");

        assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation).first().isEqualTo("GetPipelineState");
        assertThat(pipeline.calls.get(0).body().path("name").asText()).isEqualTo(PIPELINE);
        assertThat(lastSummary()).startsWith("canary: 20 % for 2m, then 100 % (chosen by the approval): step 1 of 2");
        assertThat(logLine("flip-started").path("chosenBy").asText()).isEqualTo("the approval");
    }

    @Test
    void without_a_strategy_in_the_comment_the_apps_release_yml_wins_over_the_stacks() throws Exception {
        healthyFigures();
        pipeline.approved(PIPELINE, "exec-1", "ship it");

        releaseUntilDone("all-at-once", "linear:50%:1m");

        assertThat(lastSummary()).startsWith("linear: 50 % more every 1m (2 steps) (chosen by the app's release.yml)");
    }

    @Test
    void an_invalid_strategy_in_the_comment_fails_the_flip_saying_what_a_strategy_is_production_untouched()
            throws Exception {
        pipeline.approved(PIPELINE, "exec-1", "strategy: canary:0%:5m");

        String outcome = invoke(flip, FlipHandlerTest.job("job-1", parameters("all-at-once", "none", 0), null));

        assertThat(outcome).contains("\"failed\"");
        assertThat(lastFailure()).isEqualTo("the approval asks for an invalid release strategy: release strategy "
                + "'canary:0%:5m': the step must be 1 to 99 % of production, not 0 % (a strategy is "
                + ReleaseStrategy.FORMAT + ")");
        assertThat(lb.plainForward(80)).contains(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
    }

    @Test
    void a_rollback_by_hand_mid_shift_ends_the_release_and_the_next_invocation_fails_without_shifting_again()
            throws Exception {
        healthyFigures();
        String token = continuation(invoke(flip, FlipHandlerTest.job("job-1", parameters("canary:10%:5m", "none", 0),
                null)));
        assertThat(lb.weights(80)).containsEntry(lb.green, 10);

        assertThat(AlbSwitch.flipper(Alb.named(lb.elb, lb.name)).rollback(Flipper.Request.by("operator")).done())
                .isTrue();
        String outcome = invoke(flip, FlipHandlerTest.job("job-2", parameters("canary:10%:5m", "none", 0), token));

        assertThat(outcome).contains("\"failed\"");
        assertThat(lastFailure()).isEqualTo("production was sent back wholly to " + lb.blue + " (v1) by someone else "
                + "(a rollback) during step 1 of 2 (10 % for 300 s); the release stops, nothing is shifted again");
        assertThat(lb.plainForward(80)).contains(lb.blue);
    }

    @Test
    void a_rollback_by_hand_while_the_last_minute_of_a_step_runs_out_is_not_followed_by_the_next_step()
            throws Exception {
        healthyFigures();
        String token = continuation(invoke(flip, FlipHandlerTest.job("job-1", parameters("canary:10%:1m", "none", 0),
                null)));
        meanwhile = () -> AlbSwitch.flipper(Alb.named(lb.elb, lb.name)).rollback(Flipper.Request.by("operator"));

        invoke(flip, FlipHandlerTest.job("job-2", parameters("canary:10%:1m", "none", 0), token));

        assertThat(lastFailure()).startsWith("production was sent back wholly to " + lb.blue + " (v1) by someone else");
        assertThat(lb.plainForward(80)).as("not promoted after all").contains(lb.blue);
    }

    @Test
    void the_same_job_delivered_twice_takes_its_step_once() throws Exception {
        healthyFigures();
        String token = continuation(invoke(flip, FlipHandlerTest.job("job-1", parameters("linear:25%:1m", "none", 0),
                null)));
        clock.move(Duration.ofMinutes(1));
        String event = FlipHandlerTest.job("job-2", parameters("linear:25%:1m", "none", 0), token);

        String next = continuation(invoke(flip, event));
        int reads = cloudWatch.requests.size();
        String again = continuation(invoke(flip, event)); // Lambda retries an invocation it thinks failed

        assertThat(lb.weights(80)).as("one step on, not two").containsEntry(lb.green, 50);
        assertThat(cloudWatch.requests).as("the step was judged once").hasSize(reads);
        assertThat(JSON.readTree(next).path("step").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(again).path("step").asInt()).isEqualTo(1);
    }

    @Test
    void a_breach_delivered_twice_sends_production_back_once_and_says_so() throws Exception {
        cloudWatch.targetGroup(group(lb.green), 200, 40, 0.12);
        cloudWatch.targetGroup(group(lb.blue), 1800, 2, 0.10);
        String token = continuation(invoke(flip, FlipHandlerTest.job("job-1", parameters("canary:10%:5m", "none", 0),
                null)));
        clock.move(Duration.ofMinutes(5));
        String event = FlipHandlerTest.job("job-2", parameters("canary:10%:5m", "none", 0), token);
        invoke(flip, event);

        invoke(flip, event);

        assertThat(lastFailure()).isEqualTo("this release sent production back already (the same job, delivered "
                + "again): production is wholly on " + lb.blue + " (v1)");
        assertThat(lb.plainForward(80)).contains(lb.blue);
    }

    @Test
    void stickiness_keeps_a_client_on_its_side_while_traffic_shifts() throws Exception {
        healthyFigures();

        invoke(flip, FlipHandlerTest.job("job-1", parameters("canary:10%:5m", "none", 3600), null));

        assertThat(lb.stickiness(80)).isEqualTo(3600);
    }

    @Test
    void a_release_that_would_outlast_the_pipelines_action_is_refused_before_anything_moves() throws Exception {
        invoke(flip, FlipHandlerTest.job("job-1", parameters("linear:1%:1h", "none", 0), null));

        assertThat(lastFailure()).isEqualTo("linear: 1 % more every 1h (100 steps) (chosen by the stack's default) "
                + "would shift traffic for 99 h; CodePipeline ends a Lambda action after 24 h, so a release may shift "
                + "for at most 23 h; nothing was changed");
        assertThat(lb.plainForward(80)).contains(lb.blue);
    }

    private void healthyFigures() {
        cloudWatch.targetGroup(group(lb.green), 200, 1, 0.12);
        cloudWatch.targetGroup(group(lb.blue), 1800, 1, 0.10);
    }

    /** Invokes the Flip as CodePipeline would, until it is done; production's weights after each invocation. */
    private List<Map<String, Integer>> releaseUntilDone(String stack, String app) throws Exception {
        List<Map<String, Integer>> weights = new ArrayList<>();
        String token = null;
        for (int i = 1; i <= 40; i++) {
            String outcome = invoke(flip, FlipHandlerTest.job("job-" + i, parameters(stack, app, 0), token));
            weights.add(lb.weights(80));
            if (!outcome.contains("\"continues\"")) {
                return weights;
            }
            token = continuation(outcome);
        }
        throw new AssertionError("the release did not end in 40 invocations");
    }

    private String parameters(String stack, String app, int stickiness) {
        return "{\"ElbName\": \"" + lb.name + "\", \"Image\": \"v2\", \"Pipeline\": \"" + PIPELINE + "\", "
                + "\"ExecutionId\": \"exec-1\", \"Strategy\": \"" + stack + "\", \"AppStrategy\": \"" + app + "\", "
                + "\"Stickiness\": \"" + stickiness + "\", \"BakeMaxErrorRate\": \"0.05\", \"BakeMaxP99\": \"2000\"}";
    }

    private String bakeParameters() {
        return "{\"ElbName\": \"" + lb.name + "\", \"Image\": \"v2\", \"BakeWindow\": \"60000\", "
                + "\"BakeMaxErrorRate\": \"0.05\", \"BakeMaxP99\": \"2000\", \"ProductionTasks\": \"2\", "
                + "\"IdleTasks\": \"1\"}";
    }

    private static String invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String event)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String continuation(String outcome) {
        assertThat(outcome).as(lastCall().body().toString()).contains("\"continues\"");
        return lastCall().body().path("continuationToken").asText();
    }

    private FakeCodePipeline.Call lastCall() {
        return pipeline.calls.get(pipeline.calls.size() - 1);
    }

    private String lastSummary() {
        assertThat(lastCall().operation()).as(lastCall().body().toString()).isEqualTo("PutJobSuccessResult");
        return lastCall().body().at("/executionDetails/summary").asText();
    }

    private String lastFailure() {
        assertThat(lastCall().operation()).as(lastCall().body().toString()).isEqualTo("PutJobFailureResult");
        return lastCall().body().at("/failureDetails/message").asText();
    }

    /** The last JSON line the functions logged for {@code event}. */
    private JsonNode logLine(String event) throws Exception {
        List<String> lines = logged.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"event\":\"" + event + "\"")).toList();
        assertThat(lines).as("logged " + event).isNotEmpty();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private String group(String name) {
        String arn = lb.groupArn(name);
        return arn.substring(arn.indexOf(":targetgroup/") + 1);
    }
}
