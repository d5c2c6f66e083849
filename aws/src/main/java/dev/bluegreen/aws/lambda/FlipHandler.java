package dev.bluegreen.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.Pause;
import dev.bluegreen.aws.bake.ProductionMetrics;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.aws.release.ApprovalComment;
import dev.bluegreen.aws.release.Release;
import dev.bluegreen.aws.release.ReleaseChoice;
import dev.bluegreen.aws.release.ReleaseState;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.FlipNotFinished;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The pipeline's Flip action: the reviewed build released into production by its strategy ({@link Release}), bound
 * to that build. Reads the job id before anything else, so that every failure after it reaches the pipeline as a job
 * failure with its reason. On its first invocation it chooses the strategy: the approver's ({@code strategy: SPEC} in
 * the Review's comment, read with GetPipelineState), else the app's ({@code AppStrategy}, from its release.yml), else
 * the stack's ({@code Strategy}); an invalid one fails the job, production untouched. All at once is the seed's flip
 * at full size; a canary or linear release steps with continuation tokens, each step judged and logged.
 */
public final class FlipHandler implements RequestStreamHandler {

    /** How long, in all, a side may take to be healthy at production's count. */
    static final Duration FULL_SIZE_WAIT = Release.FULL_SIZE_WAIT;
    /** The longest one invocation waits for it (the function's timeout leaves room for the AWS calls). */
    static final Duration LOOK_FOR = Release.LOOK_FOR;
    /** CodePipeline fails a Lambda action after 24 hours: a release's steps must be over well before. */
    static final Duration MAX_SHIFTING = Duration.ofHours(23);

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String EXPECTED = "{\"ElbName\": \"<load balancer name>\", \"Image\": \"<the build's image "
            + "tag>\"}";

    private final ElasticLoadBalancingV2Client elb;
    private final EcsClient ecs;
    private final ProductionMetrics metrics;
    private final CodePipelineClient pipeline;
    private final JobResults results;
    private final Clock clock;
    private final Pause pause;
    private final JsonLog log;

    /** What Lambda calls: clients for the function's region and role. */
    public FlipHandler() {
        this(ElasticLoadBalancingV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                CodePipelineClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                Clock.systemUTC(), Pause.SLEEP);
    }

    public FlipHandler(ElasticLoadBalancingV2Client elb, EcsClient ecs, CloudWatchClient cloudWatch,
                       CodePipelineClient pipeline, Clock clock, Pause pause) {
        this.elb = elb;
        this.ecs = ecs;
        this.metrics = new ProductionMetrics(cloudWatch);
        this.pipeline = pipeline;
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
        Release.Step step;
        try {
            loadBalancer = job.text("ElbName", EXPECTED);
            String image = job.image(EXPECTED);
            ReleaseState state = job.continuationToken() == null ? start(job, loadBalancer, image)
                    : ReleaseState.of(job.continuationToken());
            Alb alb = Alb.named(elb, loadBalancer);
            Capacity capacity = EcsCapacity.of(alb, ecs, LOOK_FOR, clock, pause,
                    line -> log.info("flip-scaling", "jobId", job.jobId(), "message", line));
            Duration stickiness = Duration.ofSeconds(Math.round(job.optionalText("Stickiness", EXPECTED)
                    .map(s -> job.number("Stickiness", EXPECTED)).orElse(0.0)));
            Release release = new Release(alb, AlbSwitch.flipper(alb, capacity, stickiness), capacity, metrics,
                    limits(job), clock, pause, image, job.jobId(), new StepLog(log, job.jobId(), loadBalancer));
            step = release.next(state);
        } catch (AwsException | FlipNotFinished | IllegalArgumentException wrongOrUnfinished) {
            return fail(job, loadBalancer, wrongOrUnfinished.getMessage());
        } catch (SdkException aws) {
            return fail(job, loadBalancer, "an AWS call failed: " + aws.getMessage());
        } catch (RuntimeException unexpected) {
            return fail(job, loadBalancer, "unexpected failure: " + unexpected);
        }
        if (step instanceof Release.Step.Continue next) {
            log.info("flip-waiting", "jobId", job.jobId(), "loadBalancer", loadBalancer, "summary", next.summary());
            results.continues(job, next.state().token(), next.summary(), next.percentComplete());
            return "continues";
        }
        if (step instanceof Release.Step.Failed failed) {
            return fail(job, loadBalancer, failed.message());
        }
        Release.Step.Done done = (Release.Step.Done) step;
        List<Object> fields = new ArrayList<>(List.of("jobId", job.jobId(), "loadBalancer", loadBalancer));
        done.outcome().details().forEach((key, value) -> {
            fields.add(key);
            fields.add(value);
        });
        log.info("flip-done", fields.toArray());
        // reported apart from the flip: if this call fails, the invocation fails and Lambda retries it, and the
        // same job is recognised as flipped already; reporting a failure here would contradict production
        results.succeeded(job, done.summary());
        return "succeeded";
    }

    /** The first invocation: which strategy, chosen by whom. */
    private ReleaseState start(JobEvent job, String loadBalancer, String image) {
        Optional<String> comment = Optional.empty();
        Optional<String> pipelineName = job.optionalText("Pipeline", EXPECTED);
        Optional<String> execution = job.optionalText("ExecutionId", EXPECTED);
        if (pipelineName.isPresent() && execution.isPresent()) {
            comment = new ApprovalComment(pipeline).of(pipelineName.get(), execution.get());
        }
        ReleaseChoice choice = ReleaseChoice.choose(comment, job.optionalText("AppStrategy", EXPECTED)
                .orElse(ReleaseChoice.NONE), job.optionalText("Strategy", EXPECTED).orElse(null));
        ReleaseStrategy strategy = choice.strategy();
        Duration shifting = strategy.interval().multipliedBy(strategy.steps().size() - 1L);
        if (shifting.compareTo(MAX_SHIFTING) > 0) {
            throw new IllegalArgumentException(choice.describe() + " would shift traffic for " + shifting.toHours()
                    + " h; CodePipeline ends a Lambda action after 24 h, so a release may shift for at most "
                    + MAX_SHIFTING.toHours() + " h; nothing was changed");
        }
        log.info("flip-started", "jobId", job.jobId(), "loadBalancer", loadBalancer, "image", image,
                "strategy", strategy.spec(), "chosenBy", choice.source());
        return ReleaseState.start(choice);
    }

    /** The bake's limits, which every step is judged against too (the defaults for a stack from before releases). */
    private static BakePolicy limits(JobEvent job) {
        BakePolicy defaults = BakePolicy.defaults();
        double rate = job.optionalText("BakeMaxErrorRate", EXPECTED).isPresent()
                ? job.number("BakeMaxErrorRate", EXPECTED) : defaults.maxErrorRate();
        Duration p99 = job.optionalText("BakeMaxP99", EXPECTED).isPresent()
                ? Duration.ofMillis(Math.round(job.number("BakeMaxP99", EXPECTED))) : defaults.maxP99();
        return new BakePolicy(defaults.window(), rate, p99, defaults.minRequests());
    }

    private String fail(JobEvent job, String loadBalancer, String message) {
        log.error("flip-failed", "jobId", job.jobId(), "loadBalancer", loadBalancer, "message", message);
        results.failed(job, message);
        return "failed";
    }
}
