package dev.bluegreen.aws.bake;

import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.routing.FlipNotFinished;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.Routing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The pipeline's Bake on AWS, one look at a time: after the flip, production's target group is watched for the
 * policy's window; each look reads its figures since the start from CloudWatch and lets the core judge them
 * ({@link BakePolicy#breach}); a breach rolls back at once through the core's {@link Flipper}, as the local bake
 * does. Between looks nothing runs: the state travels in the pipeline's continuation token.
 */
public final class Bake {

    /** What a look concluded. */
    public sealed interface Look {
        /** Not done: look again at {@code state.nextLook()}. */
        record Continue(BakeState state, String summary, int percentComplete) implements Look {
        }

        record Passed(String summary) implements Look {
        }

        /** A breach (rolled back, or not if the rollback was refused), or production moved by someone else. */
        record Failed(String message) implements Look {
        }
    }

    /** Who rolls back, as the core's events name it. */
    static final String ACTOR = "pipeline";

    private final Alb alb;
    private final ProductionMetrics metrics;
    private final BakePolicy policy;
    private final Duration lookEvery;
    private final Clock clock;

    public Bake(Alb alb, ProductionMetrics metrics, BakePolicy policy, Duration lookEvery, Clock clock) {
        this.alb = alb;
        this.metrics = metrics;
        this.policy = policy;
        this.lookEvery = lookEvery;
        this.clock = clock;
    }

    /** Starts baking {@code image}, which the flip just promoted: production must be serving it. */
    public Look start(String image) {
        Routing routing = alb.snapshot().routing();
        Optional<String> production = routing.forwardsTo(Alb.PAIR.production());
        if (production.isEmpty()) {
            return new Look.Failed("the production listener of '" + alb.name() + "' forwards to no target group; "
                    + "nothing to bake");
        }
        String group = production.get();
        String running = routing.tags(group).image().orElse("?");
        if (!running.equals(image)) {
            return new Look.Failed("production (" + group + ") runs " + running + ", not build " + image
                    + ": someone flipped or rolled back since the flip; nothing to bake, nothing rolled back");
        }
        if (policy.window().isZero()) {
            return new Look.Passed("no bake: its window is 0");
        }
        Instant now = clock.instant();
        BakeState state = new BakeState(now, group, next(now, now));
        return new Look.Continue(state, "baking " + image + " on " + group + " for " + policy.window().toSeconds()
                + " s", 0);
    }

    /** Looks once more; {@code requestId} (the job) names a rollback: a job delivered twice rolls back once. */
    public Look look(BakeState state, String requestId) {
        Alb.Snapshot snapshot = alb.snapshot();
        Routing routing = snapshot.routing();
        if (new AlbSwitch(alb).lastFlip().filter(last -> last.answers(requestId)).isPresent()) {
            return new Look.Failed("this bake rolled production back already (the same job, delivered again): "
                    + "production is on " + side(routing, routing.forwardsTo(Alb.PAIR.production()).orElse("?")));
        }
        String production = routing.forwardsTo(Alb.PAIR.production()).orElse("nothing");
        if (!production.equals(state.group())) {
            return new Look.Failed("production moved from " + state.group() + " to " + side(routing, production)
                    + " during the bake: someone flipped or rolled back; the bake stops, nothing rolled back");
        }
        Instant now = clock.instant();
        String groupArn = snapshot.group(state.group()).orElseThrow().targetGroupArn();
        BakePolicy.Sample sample = metrics.sample(alb.arn(), groupArn, state.start(), now);
        Optional<String> breach = policy.breach(sample);
        if (breach.isPresent()) {
            return new Look.Failed(breach.get() + "; " + rollBack(requestId));
        }
        Duration baked = Duration.between(state.start(), now);
        if (baked.compareTo(policy.window()) >= 0) {
            return new Look.Passed("production healthy for " + baked.toSeconds() + " s: " + figures(sample));
        }
        int percent = (int) Math.min(99, baked.toMillis() * 100 / Math.max(1, policy.window().toMillis()));
        return new Look.Continue(state.lookingAt(next(state.start(), now)), "baking " + side(routing, production)
                + ", " + baked.toSeconds() + " of " + policy.window().toSeconds() + " s: " + figures(sample), percent);
    }

    private String rollBack(String requestId) {
        try {
            Outcome rollback = AlbSwitch.flipper(alb).rollback(new Flipper.Request(ACTOR, requestId));
            return rollback.done() ? rollback.message() : "the rollback was refused: " + rollback.message();
        } catch (FlipNotFinished e) {
            return "the rollback did not finish: " + e.getMessage();
        } catch (SdkException e) {
            return "the rollback failed (an AWS call failed: " + e.getMessage() + "); run bluegreen aws rollback";
        }
    }

    /** The next look: a period on, but never after the end of the window. */
    private Instant next(Instant start, Instant now) {
        Instant end = start.plus(policy.window());
        Instant next = now.plus(lookEvery);
        return next.isAfter(end) ? end : next;
    }

    private static String figures(BakePolicy.Sample sample) {
        return sample.requests() + " requests, " + sample.serverErrors() + " 5xx, p99 " + sample.p99().toMillis()
                + " ms";
    }

    private static String side(Routing routing, String group) {
        return group + " (" + routing.tags(group).image().orElse("?") + ")";
    }
}
