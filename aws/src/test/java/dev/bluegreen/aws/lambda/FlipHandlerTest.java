package dev.bluegreen.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * The flip Lambda's handler, given CodePipeline job events as Lambda would pass them: flips the ALB in moto's
 * server and reports the job's result to CodePipeline's API (a fake at the HTTP level).
 */
class FlipHandlerTest {

    /** One server for the module's tests: each test makes its own load balancer, uniquely named. */
    static final MotoServer moto = MotoServer.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    FakeCodePipeline pipeline;
    MotoAlb lb;
    FlipHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        pipeline = new FakeCodePipeline();
        lb = MotoAlb.create(moto, "v1");
        lb.setTag(lb.green, "Image", "v2"); // the execution's build, v2, deployed to the test side
        handler = new FlipHandler(MotoAlb.elb(moto), CodePipelineClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(Region.of(MotoAlb.REGION))
                .endpointOverride(pipeline.endpoint()).credentialsProvider(MotoAlb.credentials()).build());
    }

    @AfterEach
    void tearDown() {
        pipeline.close();
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
