package dev.bluegreen.aws.release;

import dev.bluegreen.aws.Pause;
import dev.bluegreen.aws.bake.ProductionMetrics;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.release.StepAnalysis;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Split;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The pipeline's Flip on AWS, one invocation at a time: the approved build released by its strategy. First the new
 * side is brought to production's task count (it may take all of production at any step); then, for each step but
 * the last, its share of production is sent to it ({@link Flipper#shift}) and, once the step's interval is over, the
 * two sides' CloudWatch figures over it are judged ({@link StepAnalysis}): a breach sends everything back to the old
 * side at once ({@link Flipper#rollback}), a pass takes the next step; the last step is the promotion
 * ({@link Flipper#promote}). Nothing sleeps through an interval: each invocation waits at most {@link #LOOK_FOR} and
 * hands back a {@link ReleaseState} to continue with.
 */
public final class Release {

    /** What an invocation came to. */
    public sealed interface Step {
        /** Not done: CodePipeline invokes the function again with {@code state}'s token. */
        record Continue(ReleaseState state, String summary, int percentComplete) implements Step {
        }

        /** Production is on the build (promoted now, or already). */
        record Done(Outcome outcome, String summary) implements Step {
        }

        record Failed(String message) implements Step {
        }
    }

    /** How long, in all, a side may take to be healthy at production's count. */
    public static final Duration FULL_SIZE_WAIT = Duration.ofMinutes(10);
    /** The longest one invocation waits (the function's timeout leaves room for the AWS calls). */
    public static final Duration LOOK_FOR = Duration.ofMinutes(1);
    /** The load balancer tag naming the job whose judgement sent a release back: delivered again, it says so. */
    public static final String ROLLED_BACK_BY = "bluegreen:release:rolled-back-by";
    static final String ACTOR = "pipeline";

    private final Alb alb;
    private final Flipper flipper;
    private final Capacity capacity;
    private final ProductionMetrics metrics;
    private final StepAnalysis analysis;
    private final Clock clock;
    private final Pause pause;
    private final String image;
    private final Flipper.Request request;
    private final StepJournal journal;

    public Release(Alb alb, Flipper flipper, Capacity capacity, ProductionMetrics metrics, BakePolicy limits,
                   Clock clock, Pause pause, String image, String jobId, StepJournal journal) {
        this.alb = alb;
        this.flipper = flipper;
        this.capacity = capacity;
        this.metrics = metrics;
        this.analysis = new StepAnalysis(limits);
        this.clock = clock;
        this.pause = pause;
        this.image = image;
        this.request = new Flipper.Request(ACTOR, jobId);
        this.journal = journal;
    }

    public Step next(ReleaseState state) {
        return state.shifting() ? look(state) : begin(state);
    }

    /** Full size first, then the first step (all at once: the promotion). */
    private Step begin(ReleaseState state) {
        Instant started = clock.instant();
        ReleaseState.Scaling scaling = state.scaling();
        Optional<Flipper.FullSize> needed = flipper.fullSizeToPromote(image, request);
        if (needed.isPresent()) {
            Flipper.FullSize side = needed.get();
            Capacity.Scaled scaled = capacity.scaleUp(side.group(), side.tasks(), ACTOR);
            if (scaling == null || !scaling.group().equals(side.group())) {
                scaling = new ReleaseState.Scaling(side.group(), side.tasks(), scaled.before(),
                        started.plus(FULL_SIZE_WAIT));
            }
            if (!scaled.reached() && clock.instant().isBefore(scaling.deadline())) {
                return new Step.Continue(state.scaling(scaling), "scaling " + side.group() + " to " + scaled.wanted()
                        + " task(s), production's count, before production moves to it: " + scaled.healthy() + " of "
                        + scaled.wanted() + " healthy", Math.min(99, 100 * scaled.healthy() / scaled.wanted()));
            }
        }
        List<Integer> steps = state.choice().strategy().steps();
        // ready, or the wait is over and the core refuses to move production to a side that is not
        Outcome outcome = steps.size() == 1 ? flipper.promote(image, request)
                : flipper.shift(image, steps.get(0), request);
        if (!outcome.done()) {
            String message = "flip refused: " + outcome.message();
            if (scaling != null) {
                capacity.restore(scaling.group(), scaling.before(), ACTOR);
                message += "; " + scaling.group() + " is back at " + scaling.before() + " task(s)";
            }
            return new Step.Failed(message);
        }
        if (steps.size() == 1 || image.equals(outcome.details().get(Flipper.PROD_IMAGE))) {
            Outcome done = steps.size() == 1 ? outcome : flipper.promote(image, request); // nothing left to shift
            return new Step.Done(done, done.message());
        }
        ReleaseState first = state.atStep(0, clock.instant());
        return new Step.Continue(first, ReleaseText.stepUnderWay(first, outcome.message(), Duration.ZERO),
                ReleaseText.percentComplete(first, Duration.ZERO));
    }

    /** A step under way: still ours, over, judged. */
    private Step look(ReleaseState state) {
        Optional<Step> notOurs = stillOurs(state, alb.snapshot().routing());
        if (notOurs.isPresent()) {
            return notOurs.get();
        }
        Instant end = state.since().plus(state.choice().strategy().interval());
        waitFor(end);
        Instant now = clock.instant();
        if (now.isBefore(end)) {
            Duration held = Duration.between(state.since(), now);
            return new Step.Continue(state, ReleaseText.stepUnderWay(state, null, held),
                    ReleaseText.percentComplete(state, held));
        }
        // read again after the wait: a rollback by hand meanwhile must not be followed by the next step
        Alb.Snapshot snapshot = alb.snapshot();
        Routing routing = snapshot.routing();
        notOurs = stillOurs(state, routing);
        if (notOurs.isPresent()) {
            return notOurs.get();
        }
        String oldGroup = routing.forwardsTo(Alb.PAIR.production()).orElseThrow();
        String newGroup = routing.split(Alb.PAIR.production()).orElseThrow().group();
        StepAnalysis.Verdict verdict;
        BakePolicy.Sample newSide;
        BakePolicy.Sample oldSide;
        try {
            newSide = metrics.side(alb.arn(), arn(snapshot, newGroup), state.since(), now);
            oldSide = metrics.side(alb.arn(), arn(snapshot, oldGroup), state.since(), now);
            verdict = analysis.judge(newSide, oldSide);
        } catch (SdkException cloudWatch) {
            return sendBack(state, "the step could not be judged (CloudWatch: " + cloudWatch.getMessage() + ")");
        }
        journal.step(state, verdict, newSide, oldSide);
        if (!verdict.passed()) {
            return sendBack(state, verdict.breach().orElseThrow());
        }
        String passed = ReleaseText.step(state) + " passed: " + (verdict.judged() ? verdict.figures()
                : "too few requests to judge (" + verdict.figures() + ")");
        int next = state.step() + 1;
        List<Integer> steps = state.choice().strategy().steps();
        Outcome outcome = next == steps.size() - 1 ? flipper.promote(image, request)
                : flipper.shift(image, steps.get(next), request);
        if (!outcome.done()) {
            return sendBack(state, passed + ", but the next step was refused: " + outcome.message());
        }
        if (next == steps.size() - 1) {
            return new Step.Done(outcome, state.choice().describe() + ": " + passed + "; " + outcome.message());
        }
        ReleaseState following = state.atStep(next, now);
        return new Step.Continue(following, ReleaseText.stepUnderWay(following, passed, Duration.ZERO),
                ReleaseText.percentComplete(following, Duration.ZERO));
    }

    /** Production as this release left it, or what became of it: promoted, sent back, split by someone else. */
    private Optional<Step> stillOurs(ReleaseState state, Routing routing) {
        String prod = routing.forwardsTo(Alb.PAIR.production()).orElse("nothing");
        Optional<Split> split = routing.split(Alb.PAIR.production());
        String test = routing.forwardsTo(Alb.PAIR.test()).orElse("nothing");
        if (split.isEmpty() && runs(routing, prod)) {
            // promoted by hand (aws flip completes a shift), or by this job delivered again
            Outcome already = flipper.promote(image, request);
            return Optional.of(new Step.Done(already, already.message()));
        }
        if (split.isEmpty()) {
            boolean ours = request.requestId().equals(alb.tags().get(ROLLED_BACK_BY));
            return Optional.of(new Step.Failed(ours ? "this release sent production back already (the same job, "
                    + "delivered again): production is wholly on " + ReleaseText.side(routing, prod)
                    : "production was sent back wholly to " + ReleaseText.side(routing, prod) + " by someone else (a "
                    + "rollback) during " + ReleaseText.step(state) + "; the release stops, nothing is shifted "
                    + "again"));
        }
        if (!split.get().group().equals(test) || !runs(routing, test)) {
            return Optional.of(new Step.Failed("production's requests are split with " + ReleaseText.side(routing,
                    split.get().group()) + ", not with build " + image + " on the test side: someone changed the "
                    + "load balancer during " + ReleaseText.step(state) + "; the release stops, nothing changed"));
        }
        List<Integer> steps = state.choice().strategy().steps();
        int percent = split.get().percent();
        if (state.step() + 1 < steps.size() - 1 && percent == steps.get(state.step() + 1)) {
            // this job, delivered again after it took the next step: that step is under way, not taken twice
            ReleaseState next = state.atStep(state.step() + 1, clock.instant());
            return Optional.of(new Step.Continue(next, ReleaseText.stepUnderWay(next, null, Duration.ZERO),
                    ReleaseText.percentComplete(next, Duration.ZERO)));
        }
        if (percent != state.percent()) {
            return Optional.of(new Step.Failed(percent + " % of production is on " + ReleaseText.side(routing, test)
                    + ", not the " + state.percent() + " % of " + ReleaseText.step(state) + ": someone set it; the "
                    + "release stops at the share a person chose"));
        }
        return Optional.empty();
    }

    /** A breach, or a step that cannot be judged or taken: everything back to the old side at once. */
    private Step sendBack(ReleaseState state, String why) {
        String rollback;
        try {
            alb.tag(Map.of(ROLLED_BACK_BY, request.requestId())); // first: this job, delivered again, knows
            Outcome back = flipper.rollback(request);
            rollback = back.done() ? back.message() : "the rollback was refused: " + back.message();
        } catch (RuntimeException e) {
            rollback = "the rollback failed (" + e.getMessage() + "); run bluegreen aws rollback";
        }
        return new Step.Failed(ReleaseText.step(state) + ": " + why + "; " + rollback);
    }

    private boolean runs(Routing routing, String group) {
        return routing.tags(group).image().filter(image::equals).isPresent();
    }

    private static String arn(Alb.Snapshot snapshot, String group) {
        return snapshot.group(group).orElseThrow().targetGroupArn();
    }

    private void waitFor(Instant end) {
        Duration wait = Duration.between(clock.instant(), end);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            pause.sleep(wait.compareTo(LOOK_FOR) > 0 ? LOOK_FOR : wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
