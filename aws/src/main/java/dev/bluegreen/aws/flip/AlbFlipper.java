package dev.bluegreen.aws.flip;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.routing.Change;
import dev.bluegreen.core.routing.Decision;
import dev.bluegreen.core.routing.FlipPlanner;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.RollbackPlanner;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Tags;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Flips and rolls back an ALB with the core's decisions — the same planners as the local runtime. Every call
 * reads the load balancer afresh, applies only the steps still missing (so a flip interrupted halfway is finished,
 * never doubled or reversed), and verifies the final state before it reports success.
 */
public final class AlbFlipper {

    /** What a flip or a rollback came to. */
    public record Outcome(String live, String liveImage, String test, String testImage, boolean changed,
                          String summary) {
    }

    private final Alb alb;

    public AlbFlipper(Alb alb) {
        this.alb = alb;
    }

    /**
     * @param requestId what asked for this flip (a CodePipeline job id), so that the same request delivered twice
     *                  flips once; null for a person asking now
     */
    public Outcome flip(String requestId) {
        Alb.Snapshot snapshot = alb.snapshot();
        Routing before = snapshot.routing();
        Optional<FlipMemory.Recorded> last = FlipMemory.read(alb.tags());
        // the same request again (a retried invocation): production was on the side that flip demoted
        String requestedOn = last.filter(r -> requestId != null && requestId.equals(r.requestId()))
                .map(r -> r.flip().demoted()).orElse(null);
        Decision decision = FlipPlanner.flip(before, Alb.PAIR, g -> alb.hasHealthyTarget(snapshot, g), requestedOn);
        return carryOut("flip", snapshot, decision, requestId);
    }

    public Outcome rollback() {
        Alb.Snapshot snapshot = alb.snapshot();
        LastFlip last = FlipMemory.read(alb.tags()).map(FlipMemory.Recorded::flip).orElse(null);
        Decision decision = RollbackPlanner.rollback(snapshot.routing(), Alb.PAIR, last,
                g -> alb.hasHealthyTarget(snapshot, g));
        return carryOut("rollback", snapshot, decision, null);
    }

    /** Whether a rollback is possible now: to which side and version, or why not; for status. */
    public Decision rollbackDecision(Alb.Snapshot snapshot) {
        LastFlip last = FlipMemory.read(alb.tags()).map(FlipMemory.Recorded::flip).orElse(null);
        return RollbackPlanner.rollback(snapshot.routing(), Alb.PAIR, last, g -> alb.hasHealthyTarget(snapshot, g));
    }

    private Outcome carryOut(String kind, Alb.Snapshot snapshot, Decision decision, String requestId) {
        if (decision instanceof Decision.Refused refused) {
            throw new AwsException(kind + " refused: " + refused.message());
        }
        Decision.Proceed proceed = (Decision.Proceed) decision;
        Routing before = snapshot.routing();
        if (!proceed.alreadyDone()) {
            // remembered first: a flip interrupted after this point is finished by the next call, and can be undone
            alb.tag(FlipMemory.tags(LastFlip.of(before, proceed), requestId));
            try {
                applyAll(snapshot, proceed);
            } catch (SdkException stoppedHalfway) {
                finish(kind, before, stoppedHalfway);
            }
        }
        Routing after = alb.snapshot().routing();
        verify(proceed, after);
        String live = proceed.promoted();
        String test = proceed.demoted();
        String liveImage = after.tags(live).image().orElse("?");
        String testImage = after.tags(test).image().orElse("?");
        String summary = proceed.alreadyDone()
                ? "nothing to do: production is already on " + live + " (" + liveImage + ")"
                : kind + " done: production is on " + live + " (" + liveImage + "), test on " + test + " ("
                        + testImage + ")";
        return new Outcome(live, liveImage, test, testImage, !proceed.alreadyDone(), summary);
    }

    private void applyAll(Alb.Snapshot snapshot, Decision.Proceed proceed) {
        for (Change change : proceed.changes()) {
            alb.apply(snapshot, change);
        }
    }

    /**
     * A call failed after the first step may have taken effect: read the load balancer again and try once more to
     * finish, so that it is not left with both listeners on one group. Production stays wherever the first steps
     * already put it.
     */
    private void finish(String kind, Routing before, SdkException cause) {
        String productionBefore = before.forwardsTo(Alb.PAIR.production()).orElse(null);
        try {
            Alb.Snapshot now = alb.snapshot();
            Decision again = FlipPlanner.flip(now.routing(), Alb.PAIR, g -> alb.hasHealthyTarget(now, g),
                    productionBefore);
            if (again instanceof Decision.Proceed rest) {
                applyAll(now, rest);
                return;
            }
            throw new AwsException(kind + " stopped halfway (" + cause.getMessage() + ") and cannot be finished: "
                    + ((Decision.Refused) again).message());
        } catch (SdkException failedAgain) {
            throw new AwsException(kind + " stopped halfway: " + failedAgain.getMessage() + "; run it again: it "
                    + "finishes what is missing", failedAgain);
        }
    }

    /** Success is reported only for what AWS says it now is. */
    private static void verify(Decision.Proceed proceed, Routing after) {
        Routing wanted = proceed.target();
        boolean listenersRight = after.listeners().equals(wanted.listeners());
        boolean tagsRight = after.tags(proceed.promoted()).isProduction()
                && !after.tags(proceed.demoted()).isProduction();
        if (!listenersRight || !tagsRight) {
            throw new AwsException("the load balancer did not reach the planned state (listeners " + after.listeners()
                    + ", " + Tags.IS_PRODUCTION + " of " + proceed.promoted() + ": "
                    + after.tags(proceed.promoted()).get(Tags.IS_PRODUCTION).orElse("none")
                    + "); run the flip again: it finishes what is missing");
        }
    }
}
