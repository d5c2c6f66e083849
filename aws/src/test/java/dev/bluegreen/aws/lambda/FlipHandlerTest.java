package dev.bluegreen.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.MovingClock;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.ecs.FakeEcs;
import dev.bluegreen.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
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
 * The flip Lambda's handler, given CodePipeline job events as Lambda would pass them: flips the ALB in moto's
 * server and reports the job's result to CodePipeline's API (a fake at the HTTP level). Where the target groups name
 * their ECS cluster, the side is scaled to production's count first through ECS's API (a fake at the HTTP level whose
 * tasks register in moto's target groups); time is a clock the test holds, which the function's waits move.
 */
class FlipHandlerTest {

    /** One server for the module's tests: each test makes its own load balancer, uniquely named. */
    static final MotoServer moto = MotoServer.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLUSTER = "movies-cluster-Cluster-1";
    FakeCodePipeline pipeline;
    FakeEcs ecs;
    MotoAlb lb;
    FlipHandler handler;
    final MovingClock clock = new MovingClock(Instant.parse("2026-12-05T10:00:00Z"));

    @BeforeEach
    void setUp() throws Exception {
        pipeline = new FakeCodePipeline();
        lb = MotoAlb.create(moto, "v1");
        lb.setTag(lb.green, "Image", "v2"); // the execution's build, v2, deployed to the test side
        ecs = new FakeEcs(lb.elb);
        handler = new FlipHandler(MotoAlb.elb(moto), EcsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(ecs.endpoint())
                .credentialsProvider(MotoAlb.credentials()).build(), CloudWatchClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(Region.of(MotoAlb.REGION))
                .endpointOverride(URI.create("http://127.0.0.1:9")).credentialsProvider(MotoAlb.credentials())
                .build(), CodePipelineClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(Region.of(MotoAlb.REGION))
                .endpointOverride(pipeline.endpoint()).credentialsProvider(MotoAlb.credentials()).build(),
                clock, clock::move);
    }

    @AfterEach
    void tearDown() {
        pipeline.close();
        ecs.close();
    }

    /** The web services as cluster.yaml makes them: production (blue) at 2 tasks, the test side at 1. */
    private void services() {
        ecs.service(CLUSTER, "blue-web", lb.groupArn(lb.blue), 2);
        ecs.service(CLUSTER, "green-web", lb.groupArn(lb.green), 1);
        lb.setTag(lb.blue, EcsCapacity.CLUSTER_TAG, CLUSTER);
        lb.setTag(lb.green, EcsCapacity.CLUSTER_TAG, CLUSTER);
    }

    @Test
    void a_job_scales_the_side_to_productions_count_continues_until_it_is_healthy_and_then_flips() throws Exception {
        services();

        String first = invoke(job("job-1", flip(lb, "v2")));

        assertThat(first).isEqualTo("{\"jobId\":\"job-1\",\"outcome\":\"continues\"}");
        assertThat(lb.forwardsTo(80)).as("production waits for the side").isEqualTo(lb.blue);
        assertThat(ecs.desired("green-web")).isEqualTo(2);
        FakeCodePipeline.Call waiting = pipeline.calls.get(0);
        assertThat(waiting.operation()).isEqualTo("PutJobSuccessResult");
        assertThat(waiting.body().at("/executionDetails/summary").asText()).isEqualTo("scaling " + lb.green + " to 2 "
                + "task(s), production's count, before production moves to it: 1 of 2 healthy");
        assertThat(waiting.body().at("/executionDetails/percentComplete").asInt()).isEqualTo(50);
        String token = waiting.body().path("continuationToken").asText();

        ecs.startTasks("green-web"); // the new task started and passed its health checks
        String second = invoke(job("job-1", flip(lb, "v2"), token));

        assertThat(second).isEqualTo("{\"jobId\":\"job-1\",\"outcome\":\"succeeded\"}");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(pipeline.calls.get(1).body().at("/executionDetails/summary").asText())
                .isEqualTo("flip: production now on " + lb.green + " (v2), test on " + lb.blue + " (v1)");
        assertThat(ecs.desired("green-web")).isEqualTo(2);
        assertThat(ecs.desired("blue-web")).as("idled by the bake, once it passed").isEqualTo(2);
    }

    @Test
    void a_side_that_is_not_healthy_at_full_size_within_the_wait_fails_the_job_scaled_back_production_untouched()
            throws Exception {
        services();

        List<String> outcomes = flipUntilDone("job-2");

        assertThat(outcomes.subList(0, outcomes.size() - 1)).as("continued while the wait lasted").isNotEmpty()
                .allMatch(o -> o.contains("\"continues\""));
        assertThat(outcomes.get(outcomes.size() - 1)).contains("\"failed\"");
        assertThat(Duration.between(Instant.parse("2026-12-05T10:00:00Z"), clock.instant()))
                .as("the wait, and one last look").isEqualTo(FlipHandler.FULL_SIZE_WAIT.plus(FlipHandler.LOOK_FOR));
        FakeCodePipeline.Call failure = pipeline.calls.get(pipeline.calls.size() - 1);
        assertThat(failure.operation()).isEqualTo("PutJobFailureResult");
        assertThat(failure.body().at("/failureDetails/message").asText()).isEqualTo("flip refused: target group '"
                + lb.green + "' had 1 of the 2 healthy tasks production runs within the wait; production stays on '"
                + lb.blue + "' (see 'bluegreen status' and the tasks' logs); " + lb.green + " is back at 1 task(s)");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
        assertThat(ecs.desired("green-web")).isEqualTo(1);
    }

    @Test
    void a_newer_build_on_the_test_side_during_the_wait_fails_the_job_and_scales_the_side_back() throws Exception {
        services();
        invoke(job("job-3", flip(lb, "v2")));
        String token = pipeline.calls.get(0).body().path("continuationToken").asText();
        lb.setTag(lb.green, "Image", "v3");

        invoke(job("job-3", flip(lb, "v2"), token));

        assertThat(pipeline.calls.get(1).body().at("/failureDetails/message").asText()).isEqualTo("flip refused: "
                + "build v2 is no longer on the test side (" + lb.green + " runs v3); nothing flipped; " + lb.green
                + " is back at 1 task(s)");
        assertThat(ecs.desired("green-web")).isEqualTo(1);
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
    }

    @Test
    void a_side_already_at_productions_count_and_healthy_flips_in_one_invocation() throws Exception {
        services();
        ecs.startingAtOnce();

        assertThat(invoke(job("job-4", flip(lb, "v2")))).contains("\"succeeded\"");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(ecs.calls).extracting(FakeEcs.Call::operation).contains("UpdateService");
    }

    /** Invokes the function as CodePipeline would: again with each continuation token, until it is done. */
    private List<String> flipUntilDone(String jobId) throws Exception {
        List<String> outcomes = new ArrayList<>();
        String token = null;
        for (int i = 0; i < 30; i++) {
            String outcome = invoke(job(jobId, flip(lb, "v2"), token));
            outcomes.add(outcome);
            if (!outcome.contains("\"continues\"")) {
                return outcomes;
            }
            token = pipeline.calls.get(pipeline.calls.size() - 1).body().path("continuationToken").asText();
        }
        throw new AssertionError("the flip did not end in 30 invocations");
    }

    @Test
    void a_job_promotes_the_build_of_its_execution_and_succeeds() throws Exception {
        String result = invoke(job("job-1", flip(lb, "v2")));

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
        assertThat(result).isEqualTo("{\"jobId\":\"job-1\",\"outcome\":\"succeeded\"}");
        assertThat(pipeline.calls).hasSize(1);
        assertThat(pipeline.calls.get(0).operation()).isEqualTo("PutJobSuccessResult");
        assertThat(pipeline.calls.get(0).body().path("jobId").asText()).isEqualTo("job-1");
        assertThat(pipeline.calls.get(0).body().path("executionDetails").path("summary").asText())
                .isEqualTo("flip: production now on " + lb.green + " (v2), test on " + lb.blue + " (v1)");
    }

    @Test
    void approving_a_build_that_a_newer_one_replaced_on_the_test_side_is_refused_with_the_reason() throws Exception {
        lb.setTag(lb.green, "Image", "v3"); // a newer execution deployed v3 while v2 waited for its review

        String result = invoke(job("job-2", flip(lb, "v2")));

        assertThat(result).contains("\"outcome\":\"failed\"");
        assertThat(lb.forwardsTo(80)).as("production stays").isEqualTo(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
        assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation).containsExactly("PutJobFailureResult");
        assertThat(pipeline.calls.get(0).body().path("failureDetails").path("message").asText())
                .isEqualTo("flip refused: build v2 is no longer on the test side (" + lb.green + " runs v3); nothing "
                        + "flipped");
    }

    @Test
    void a_build_that_already_serves_production_succeeds_without_flipping_back() throws Exception {
        invoke(job("by-hand", flip(lb, "v2"))); // someone promoted it before the pipeline's flip ran

        invoke(job("job-3", flip(lb, "v2")));

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation)
                .containsExactly("PutJobSuccessResult", "PutJobSuccessResult");
        assertThat(pipeline.calls.get(1).body().path("executionDetails").path("summary").asText())
                .isEqualTo("flip: nothing to do, production is already on " + lb.green + " (v2)");
    }

    @Test
    void the_same_job_invoked_again_does_not_flip_back() throws Exception {
        String event = job("job-7", flip(lb, "v2"));
        invoke(event);
        invoke(event); // Lambda retries an asynchronous invocation that it thinks failed

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation)
                .containsExactly("PutJobSuccessResult", "PutJobSuccessResult");
    }

    @Test
    void a_failed_success_report_fails_the_invocation_and_the_retry_reports_without_flipping_back() throws Exception {
        String event = job("job-8", flip(lb, "v2"));
        pipeline.refuseNext(1);

        assertThatThrownBy(() -> invoke(event)).isInstanceOf(SdkException.class);
        assertThat(lb.forwardsTo(80)).as("the flip itself was done").isEqualTo(lb.green);

        invoke(event); // Lambda retries the failed invocation

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation)
                .as("never reported as failed: production did change")
                .containsExactly("PutJobSuccessResult", "PutJobSuccessResult");
    }

    @Test
    void an_unhealthy_test_side_fails_the_job_with_the_reason_and_production_stays() throws Exception {
        lb.empty(lb.green);

        String result = invoke(job("job-2", flip(lb, "v2")));

        assertThat(result).contains("\"outcome\":\"failed\"");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(pipeline.calls).hasSize(1);
        FakeCodePipeline.Call call = pipeline.calls.get(0);
        assertThat(call.operation()).isEqualTo("PutJobFailureResult");
        assertThat(call.body().path("failureDetails").path("type").asText()).isEqualTo("JobFailed");
        assertThat(call.body().path("failureDetails").path("message").asText())
                .isEqualTo("flip refused: target group '" + lb.green + "' has no healthy target; production stays on '"
                        + lb.blue + "'");
    }

    @Test
    void wrong_parameters_or_a_missing_load_balancer_fail_the_job_clearly() throws Exception {
        String expected = "expected {\"ElbName\": \"<load balancer name>\", \"Image\": \"<the build's image tag>\"}";
        invoke(job("job-3", null));
        invoke(job("job-4", "not json"));
        invoke(job("job-5", "{\"Elb\": \"x\", \"Image\": \"v1\"}"));
        invoke(job("job-6", "{\"ElbName\": \"" + lb.name + "\"}"));
        invoke(job("job-7", "{\"ElbName\": \"" + lb.name + "\", \"Image\": \"#{BuildVars.WEB_TAG}\"}"));
        invoke(job("job-8", "{\"ElbName\": \"nope\", \"Image\": \"v1\"}"));

        assertThat(pipeline.calls).extracting(FakeCodePipeline.Call::operation).containsOnly("PutJobFailureResult");
        assertThat(pipeline.calls).extracting(c -> c.body().path("failureDetails").path("message").asText())
                .containsExactly(
                        "the action has no UserParameters; " + expected,
                        "UserParameters is not JSON (Unrecognized token 'not': was expecting (JSON String, Number, "
                                + "Array, Object or token 'null', 'true' or 'false')); " + expected,
                        "UserParameters has no ElbName; " + expected,
                        "UserParameters has no Image; " + expected,
                        "UserParameters' Image '#{BuildVars.WEB_TAG}' is not an image tag; the pipeline passes the "
                                + "Build action's exported WEB_TAG there",
                        "there is no load balancer named 'nope' in this account and region; is the stack deployed, "
                                + "and is the region right?");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
    }

    @Test
    void an_event_without_a_job_id_cannot_be_reported_and_fails_the_invocation() {
        assertThatThrownBy(() -> invoke("{\"hello\": 1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CodePipeline job");
        assertThat(pipeline.calls).isEmpty();
    }

    private String invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The Flip action's UserParameters, as the pipeline resolves them for an execution that built {@code image}. */
    static String flip(MotoAlb lb, String image) {
        return "{\"ElbName\": \"" + lb.name + "\", \"Image\": \"" + image + "\"}";
    }

    /** A CodePipeline job event, shaped as the Lambda invoke action sends it. */
    static String job(String id, String userParameters) {
        return job(id, userParameters, null);
    }

    /** A job event that continues an action: {@code token} is what the previous job reported. */
    static String job(String id, String userParameters, String token) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode job = event.putObject("CodePipeline.job");
        job.put("id", id);
        job.put("accountId", "123456789012");
        ObjectNode configuration = job.putObject("data").putObject("actionConfiguration").putObject("configuration");
        configuration.put("FunctionName", "movies-flip");
        if (userParameters != null) {
            configuration.put("UserParameters", userParameters);
        }
        job.with("data").putArray("inputArtifacts");
        if (token != null) {
            job.with("data").put("continuationToken", token);
        }
        return event.toString();
    }
}
