package dev.bluegreen.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.Pause;
import dev.bluegreen.aws.bake.Bake;
import dev.bluegreen.aws.bake.BakeState;
import dev.bluegreen.aws.bake.ProductionMetrics;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.routing.TaskCounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The pipeline's Bake action, after the Flip: watches production for the bake's window and rolls back on a breach
 * ({@link Bake}). It does not sleep through the window: each invocation looks once and, while the window lasts,
 * reports the job done for now with a continuation token, and CodePipeline invokes it again. Should that come
 * sooner than the next look is due, it waits for it, at most {@link #MAX_PAUSE}: the load balancer's metrics change
 * once a minute, and looking more often would only cost.
 */
public final class BakeHandler implements RequestStreamHandler {

    /** How often production's figures are read: the load balancer's metrics have one-minute resolution. */
    static final Duration LOOK_EVERY = Duration.ofMinutes(1);
    /** The longest an invocation waits for its look (the function's timeout leaves room for the AWS calls). */
    static final Duration MAX_PAUSE = Duration.ofMinutes(1);
    static final String EXPECTED = "{\"ElbName\": \"<load balancer name>\", \"Image\": \"<the build's image tag>\", "
            + "\"BakeWindow\": \"<ms>\", \"BakeMaxErrorRate\": \"<0 to 1>\", \"BakeMaxP99\": \"<ms>\", "
            + "\"ProductionTasks\": \"<n>\", \"IdleTasks\": \"<n>\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticLoadBalancingV2Client elb;
    private final EcsClient ecs;
    private final ProductionMetrics metrics;
    private final JobResults results;
    private final Clock clock;
    private final Pause pause;
    private final JsonLog log = new JsonLog(System.out);

    /** What Lambda calls: clients for the function's region and role. */
    public BakeHandler() {
        this(ElasticLoadBalancingV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                CodePipelineClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                Clock.systemUTC(), Pause.SLEEP);
    }

    public BakeHandler(ElasticLoadBalancingV2Client elb, EcsClient ecs, CloudWatchClient cloudWatch,
                       CodePipelineClient pipeline, Clock clock, Pause pause) {
        this.elb = elb;
        this.ecs = ecs;
        this.metrics = new ProductionMetrics(cloudWatch);
        this.results = new JobResults(pipeline);
        this.clock = clock;
        this.pause = pause;
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
        Bake.Look look;
        String loadBalancer = null;
        Alb alb;
        try {
            loadBalancer = job.text("ElbName", EXPECTED);
            String image = job.image(EXPECTED);
            alb = Alb.named(elb, loadBalancer);
            Bake bake = new Bake(alb, metrics, policy(job), LOOK_EVERY, clock);
            if (job.continuationToken() == null) {
                log.info("bake-started", "jobId", job.jobId(), "loadBalancer", loadBalancer, "image", image);
                look = bake.start(image);
            } else {
                BakeState state = BakeState.of(job.continuationToken());
                waitFor(state.nextLook());
                look = bake.look(state, job.jobId());
            }
        } catch (AwsException | IllegalArgumentException wrong) {
            return fail(job, loadBalancer, wrong.getMessage());
        } catch (SdkException aws) {
            return fail(job, loadBalancer, "an AWS call failed: " + aws.getMessage() + "; production was not rolled "
                    + "back (retry the Bake action to bake again)");
        }
        return report(job, loadBalancer, alb, look);
    }

    private String report(JobEvent job, String loadBalancer, Alb alb, Bake.Look look) {
        if (look instanceof Bake.Look.Continue next) {
            log.info("bake-look", "jobId", job.jobId(), "loadBalancer", loadBalancer, "summary", next.summary());
            results.continues(job, next.state().token(), next.summary(), next.percentComplete());
            return "continues";
        }
        if (look instanceof Bake.Look.Passed passed) {
            String summary = passed.summary() + idle(job, alb);
            log.info("bake-passed", "jobId", job.jobId(), "loadBalancer", loadBalancer, "summary", summary);
            results.succeeded(job, summary);
            return "succeeded";
        }
        return fail(job, loadBalancer, ((Bake.Look.Failed) look).message());
    }

    /**
     * Promotion at full size: once the bake passed, the side production left goes back to the idle count. A failure
     * to do so is said, but the release stands: production is what the bake judged.
     */
    private String idle(JobEvent job, Alb alb) {
        JsonNode idle = job.parameters(EXPECTED).path("IdleTasks");
        if (idle.isMissingNode()) {
            return ""; // a pipeline stack from before sides had sizes
        }
        try {
            TaskCounts counts = new TaskCounts((int) number(job, "ProductionTasks"), (int) number(job, "IdleTasks"));
            Optional<String> left = alb.snapshot().routing().forwardsTo(Alb.PAIR.test());
            Optional<EcsCapacity> capacity = EcsCapacity.find(alb, ecs, Duration.ZERO, clock, pause,
                    line -> log.info("bake-idle", "jobId", job.jobId(), "message", line));
            if (left.isEmpty() || capacity.isEmpty()) {
                return "";
            }
            return "; " + capacity.get().idle(left.get(), counts).message();
        } catch (AwsException | IllegalArgumentException | SdkException e) {
            return "; the side production left was not idled: " + e.getMessage();
        }
    }

    private BakePolicy policy(JobEvent job) {
        return new BakePolicy(Duration.ofMillis(Math.round(number(job, "BakeWindow"))),
                number(job, "BakeMaxErrorRate"), Duration.ofMillis(Math.round(number(job, "BakeMaxP99"))),
                BakePolicy.defaults().minRequests());
    }

    private static double number(JobEvent job, String name) {
        return job.number(name, EXPECTED);
    }

    private void waitFor(Instant look) {
        Duration wait = Duration.between(clock.instant(), look);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            pause.sleep(wait.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String fail(JobEvent job, String loadBalancer, String message) {
        log.error("bake-failed", "jobId", job.jobId(), "loadBalancer", loadBalancer, "message", message);
        results.failed(job, message);
        return "failed";
    }
}
