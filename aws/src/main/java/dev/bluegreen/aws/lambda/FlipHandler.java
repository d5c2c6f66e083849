package dev.bluegreen.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.Pause;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.FlipNotFinished;
import dev.bluegreen.core.routing.Flipper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The pipeline's Flip action: the seed's {@code blue_green_flip.py} in Java, bound to the build that was reviewed.
 * Reads the job id before anything else, so that every failure after it reaches the pipeline as a job failure with
 * its reason (the seed could crash before it knew the id, and the pipeline then waited for an hour). Promotes
 * exactly the image its own execution built ({@code Image}, from the Build action's variables) through the core's
 * {@link Flipper#promote}: refused when the test side runs anything else or has no healthy target, nothing to do
 * when that build already serves production, finished rather than repeated when a previous attempt stopped
 * halfway, flipped once when the same job is delivered twice, reported only once AWS shows the final state.
 *
 * <p>At full size: the side is first scaled to production's task count (its ECS service, {@link EcsCapacity}) and
 * must be healthy at that count. A Lambda does not wait minutes for tasks to start: each invocation scales, waits at
 * most {@link #LOOK_FOR}, and hands CodePipeline a continuation token until the side is ready, then flips; after
 * {@link #FULL_SIZE_WAIT} the flip is refused, production untouched and the side scaled back as it was.
 */
public final class FlipHandler implements RequestStreamHandler {

    /** How long, in all, a side may take to be healthy at production's count. */
    static final Duration FULL_SIZE_WAIT = Duration.ofMinutes(10);
    /** The longest one invocation waits for it (the function's timeout leaves room for the AWS calls). */
    static final Duration LOOK_FOR = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Who flips, as the core's events name it. */
    private static final String ACTOR = "pipeline";
    static final String EXPECTED = "{\"ElbName\": \"<load balancer name>\", \"Image\": \"<the build's image "
            + "tag>\"}";

    private final ElasticLoadBalancingV2Client elb;
    private final EcsClient ecs;
    private final JobResults results;
    private final Clock clock;
    private final Pause pause;
    private final JsonLog log;

    /** What Lambda calls: clients for the function's region and role. */
    public FlipHandler() {
        this(ElasticLoadBalancingV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                CodePipelineClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                Clock.systemUTC(), Pause.SLEEP);
    }

    public FlipHandler(ElasticLoadBalancingV2Client elb, EcsClient ecs, CodePipelineClient pipeline, Clock clock,
                       Pause pause) {
        this.elb = elb;
        this.ecs = ecs;
        this.results = new JobResults(pipeline);
        this.clock = clock;
        this.pause = pause;
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
            Instant started = clock.instant();
            FlipState waited = job.continuationToken() == null ? null : FlipState.of(job.continuationToken());
            if (waited == null) {
                log.info("flip-started", "jobId", job.jobId(), "loadBalancer", loadBalancer, "image", image);
            }
            Alb alb = Alb.named(elb, loadBalancer);
            Capacity capacity = EcsCapacity.of(alb, ecs, LOOK_FOR, clock, pause,
                    line -> log.info("flip-scaling", "jobId", job.jobId(), "message", line));
            Flipper flipper = AlbSwitch.flipper(alb, capacity);
            Flipper.Request request = new Flipper.Request(ACTOR, job.jobId());
            FlipState scaling = waited;
            Optional<Flipper.FullSize> needed = flipper.fullSizeToPromote(image, request);
            if (needed.isPresent()) {
                Flipper.FullSize side = needed.get();
                Capacity.Scaled scaled = capacity.scaleUp(side.group(), side.tasks(), ACTOR);
                if (waited == null || !waited.group().equals(side.group())) {
                    scaling = new FlipState(side.group(), side.tasks(), scaled.before(),
                            started.plus(FULL_SIZE_WAIT));
                }
                if (!scaled.reached() && clock.instant().isBefore(scaling.deadline())) {
                    return continues(job, loadBalancer, scaling, scaled);
                }
            }
            // ready, or the wait is over and the core refuses to move production to a side that is not
            outcome = flipper.promote(image, request);
            if (!outcome.done() && scaling != null) {
                capacity.restore(scaling.group(), scaling.before(), ACTOR);
                outcome = outcome.withMessage(outcome.message() + "; " + scaling.group() + " is back at "
                        + scaling.before() + " task(s)");
            }
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

    /** Not ready yet: CodePipeline invokes the function again with the token, which carries the wait on. */
    private String continues(JobEvent job, String loadBalancer, FlipState scaling, Capacity.Scaled scaled) {
        String summary = "scaling " + scaling.group() + " to " + scaled.wanted() + " task(s), production's count, "
                + "before production moves to it: " + scaled.healthy() + " of " + scaled.wanted() + " healthy";
        log.info("flip-waiting", "jobId", job.jobId(), "loadBalancer", loadBalancer, "summary", summary);
        results.continues(job, scaling.token(), summary, Math.min(99, 100 * scaled.healthy() / scaled.wanted()));
        return "continues";
    }

    private String fail(JobEvent job, String loadBalancer, String message) {
        log.error("flip-failed", "jobId", job.jobId(), "loadBalancer", loadBalancer, "message", message);
        results.failed(job, message);
        return "failed";
    }
}
