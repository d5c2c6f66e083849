package dev.bluegreen.core.pipeline;

import dev.bluegreen.core.pipeline.PipelineEvent.Kind;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's state machine as a table: for an execution that is running (or awaiting approval) at a stage, the
 * kinds of event allowed. Anything else is refused. Final executions allow nothing.
 *
 * <p>Why these: a newer commit may replace an execution while it builds, is checked or waits for review, not while it
 * deploys (the test side would be left half replaced) nor once it touches production. The checks only read the test
 * side, they change nothing there: stopping them leaves it as the deploy made it, and the newer build is about to
 * replace it, so their verdict would not count anyway. A release that shifts traffic in steps is judged at each step
 * of its flip, so the flip, like the bake, may end rolled back. A restart interrupts any stage but the review, which simply
 * keeps waiting.
 */
public final class Transitions {

    static final Map<Stage, Set<Kind>> WHILE_RUNNING = Map.of(
            Stage.SOURCE, EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.SUPERSEDE, Kind.INTERRUPT),
            Stage.BUILD, EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.SUPERSEDE, Kind.INTERRUPT),
            Stage.DEPLOY, EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.INTERRUPT),
            Stage.CHECK, EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.SUPERSEDE, Kind.INTERRUPT),
            Stage.FLIP, EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.ROLL_BACK, Kind.INTERRUPT),
            Stage.BAKE, EnumSet.of(Kind.SUCCEED, Kind.ROLL_BACK, Kind.INTERRUPT));

    static final Set<Kind> WHILE_AWAITING_APPROVAL = EnumSet.of(Kind.APPROVE, Kind.REJECT, Kind.SUPERSEDE);

    private Transitions() {
    }

    public static boolean allows(Execution execution, Kind kind) {
        return switch (execution.status()) {
            case RUNNING -> WHILE_RUNNING.getOrDefault(execution.currentStage(), Set.of()).contains(kind);
            case AWAITING_APPROVAL -> WHILE_AWAITING_APPROVAL.contains(kind);
            default -> false;
        };
    }
}
