package dev.bluegreen.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.routing.FlipNotFinished;
import dev.bluegreen.core.routing.Flipper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The pipeline's Flip action: the seed's {@code blue_green_flip.py} in Java, bound to the build that was reviewed.
 * Reads the job id before anything else, so that every failure after it reaches the pipeline as a job failure with
 * its reason (the seed could crash before it knew the id, and the pipeline then waited for an hour). Promotes
 * exactly the image its own execution built ({@code Image}, from the Build action's variables) through the core's
 * {@link Flipper#promote}: refused when the test side runs anything else or has no healthy target, nothing to do
 * when that build already serves production, finished rather than repeated when a previous attempt stopped
 * halfway, flipped once when the same job is delivered twice, reported only once AWS shows the final state.
 */
public final class FlipHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Who flips, as the core's events name it. */
    private static final String ACTOR = "pipeline";
    static final String EXPECTED = "{\"ElbName\": \"<load balancer name>\", \"Image\": \"<the build's image "
            + "tag>\"}";

    private final ElasticLoadBalancingV2Client elb;
    private final JobResults results;
    private final JsonLog log;

    /** What Lambda calls: clients for the function's region and role. */
    public FlipHandler() {
        this(ElasticLoadBalancingV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                CodePipelineClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
    }

    public FlipHandler(ElasticLoadBalancingV2Client elb, CodePipelineClient pipeline) {
        this.elb = elb;
        this.results = new JobResults(pipeline);
        this.log = new JsonLog(System.out);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JobEvent job;
        try {
            job = JobEvent.read(input);
        } catch (IllegalArgumentException e) {
            log.error("not-a-job", "message", e.getMessage());
            throw e;
        }
        Map<String, String> result = new LinkedHashMap<>();
        result.put("jobId", job.jobId());
        result.put("outcome", handle(job));
        JSON.writeValue(output, result);
    }

    private String handle(JobEvent job) {
        String loadBalancer = null;
        Outcome outcome;
        try {
            loadBalancer = job.text("ElbName", EXPECTED);
            String image = job.image(EXPECTED);
            log.info("flip-started", "jobId", job.jobId(), "loadBalancer", loadBalancer, "image", image);
            outcome = AlbSwitch.flipper(Alb.named(elb, loadBalancer))
                    .promote(image, new Flipper.Request(ACTOR, job.jobId()));
        } catch (AwsException | FlipNotFinished | IllegalArgumentException wrongOrUnfinished) {
            return fail(job, loadBalancer, wrongOrUnfinished.getMessage());
        } catch (SdkException aws) {
            return fail(job, loadBalancer, "an AWS call failed: " + aws.getMessage());
        } catch (RuntimeException unexpected) {
            return fail(job, loadBalancer, "unexpected failure: " + unexpected);
        }
        if (!outcome.done()) {
            return fail(job, loadBalancer, "flip refused: " + outcome.message());
        }
        List<Object> fields = new ArrayList<>(List.of("jobId", job.jobId(), "loadBalancer", loadBalancer));
        outcome.details().forEach((key, value) -> {
            fields.add(key);
            fields.add(value);
        });
        log.info("flip-done", fields.toArray());
        // reported apart from the flip: if this call fails, the invocation fails and Lambda retries it, and the
        // same job is recognised as flipped already; reporting a failure here would contradict production
        results.succeeded(job, outcome.message());
        return "succeeded";
    }

    private String fail(JobEvent job, String loadBalancer, String message) {
        log.error("flip-failed", "jobId", job.jobId(), "loadBalancer", loadBalancer, "message", message);
        results.failed(job, message);
        return "failed";
    }
}
