package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.core.release.StepAnalysis;
import dev.bluegreen.platform.state.PlatformStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flip stage of a canary or linear release: each step's share of production goes to the new build and is held
 * for the strategy's interval on the pipeline's timers (the worker is free meanwhile), then judged — the new side
 * against the old side over that interval ({@link StepAnalysis}) — and recorded with its figures before the next
 * step; the last step is the flip itself. A breach sends all of production back to the old side at once; the new
 * side over the bake's absolute limits is judged as soon as a look sees it, not only at the end of the step.
 *
 * <p>Each step is recorded as soon as its share is sent, so a restart resumes the step that was running (its
 * interval starts again). Production found at a share this release did not record (a person's flip, rollback or
 * shift) ends the release at that share, never at one nobody chose. Steps and a person's rollback go one at a time:
 * a rolled-back release is never shifted again.
 */
final class ReleaseSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSteps.class);

    /** A step being held: its share, and what both sides answered since it started. */
    private record Held(int percent, Supplier<Deployments.Sides> sides) {
    }

    private final Object oneAtATime = new Object();
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final PlatformStore store;
    private final ExecutionRecorder recorder;
    private final Deployments deployments;
    private final StepAnalysis analysis;
    private final PipelineScheduler scheduler;
    private final LongConsumer continueOnWorker;
    private final Duration lookEvery;
    private final Clock clock;

    /**
     * @param continueOnWorker runs an execution's stages again on the worker (once a step's interval is over)
     * @param lookEvery        how often a held step's new side is looked at, as the bake looks at production
     */
    ReleaseSteps(PlatformStore store, ExecutionRecorder recorder, Deployments deployments, StepAnalysis analysis,
                 PipelineScheduler scheduler, LongConsumer continueOnWorker, Duration lookEvery, Clock clock) {
        this.store = store;
        this.recorder = recorder;
        this.deployments = deployments;
        this.analysis = analysis;
        this.scheduler = scheduler;
        this.continueOnWorker = continueOnWorker;
        this.lookEvery = lookEvery;
        this.clock = clock;
    }

    /**
     * On the worker, for an execution at the Flip stage of a stepped release: judges the step it held, or starts
     * (after a restart: resumes) one. Empty while a step is held.
     */
    Optional<PipelineEvent> run(long id) {
        synchronized (oneAtATime) {
            Held step = held.remove(id);
            Optional<Execution> flipping = store.execution(id).filter(ReleaseSteps::flipping);
            Optional<ReleaseProgress> release = store.release(id);
            if (flipping.isEmpty() || release.isEmpty()) {
                return Optional.empty(); // ended meanwhile (a person's rollback): nothing moves any more
            }
            try {
                if (release.get().running().isEmpty()) {
                    return next(flipping.get(), release.get());
                }
                return step != null ? judge(flipping.get(), release.get(), step)
                        : resume(flipping.get(), release.get());
            } catch (RuntimeException e) {
                // a share of production must not stay on a build whose release broke down
                LOG.error("execution #{}: the release failed unexpectedly", id, e);
                String why = release.get().where() + " failed unexpectedly: " + e;
                return Optional.of(deployments.share(flipping.get().tag()) == 0
                        ? new PipelineEvent.Failed(Stage.FLIP, why) : failedMidway(why));
            }
        }
    }

    /** Whether the execution shifts production in steps now: running its Flip stage with a stepped release. */
    boolean shifting(Execution execution) {
        return flipping(execution) && store.release(execution.id()).filter(ReleaseProgress::stepped).isPresent();
    }

    private static boolean flipping(Execution execution) {
        return execution.status() == ExecutionStatus.RUNNING && execution.currentStage() == Stage.FLIP;
    }

    private Optional<PipelineEvent> judge(Execution execution, ReleaseProgress release, Held step) {
        int share = deployments.share(execution.tag());
        if (share != step.percent()) {
            return movedMeanwhile(execution, release, share);
        }
        Deployments.Sides sides = step.sides().get();
        StepAnalysis.Verdict verdict = analysis.judge(sides.newSide(), sides.oldSide());
        String where = release.where();
        ReleaseProgress judged = release.judged(verdict, clock.instant());
        ReleaseProgress.Step done = judged.steps().get(judged.steps().size() - 1);
        save(execution, judged, where + ": " + switch (done.result()) {
            case BREACHED -> "breached: ";
            case NOT_JUDGED -> "too few requests to judge, the release goes on: ";
            default -> "passed: ";
        } + verdict.figures());
        if (verdict.breach().isPresent()) {
            return Optional.of(backToOldSide(where + ": " + verdict.breach().get()));
        }
        return next(execution, judged);
    }

    /** After a restart, with production still at the running step's share: its interval starts again. */
    private Optional<PipelineEvent> resume(Execution execution, ReleaseProgress release) {
        int share = deployments.share(execution.tag());
        if (share != release.lastPercent()) {
            return movedMeanwhile(execution, release, share);
        }
        ReleaseProgress resumed = release.resumed(clock.instant());
        save(execution, resumed, release.where() + " resumed after a restart: " + execution.tag() + " still serves "
                + share + " % of production; its interval starts again");
        hold(execution.id(), resumed);
        return Optional.empty();
    }

    private Optional<PipelineEvent> next(Execution execution, ReleaseProgress release) {
        Optional<Integer> next = release.nextPercent();
        if (next.isEmpty()) { // promoted already: the platform stopped before the stage was marked done
            return Optional.of(new PipelineEvent.Succeeded(Stage.FLIP, release.strategy().describe() + ": "
                    + execution.tag() + " is in production"));
        }
        int share = deployments.share(execution.tag());
        if (share != release.lastPercent() && share != next.get()) {
            return movedMeanwhile(execution, release, share);
        }
        String where = release.where();
        Outcome shifted = deployments.shift(execution.tag(), next.get(), Step.ACTOR);
        if (!shifted.done()) {
            return Optional.of(release.lastPercent() == 0 ? new PipelineEvent.Failed(Stage.FLIP, shifted.message())
                    : failedMidway(where + " could not be taken: " + shifted.message()));
        }
        ReleaseProgress started = release.started(next.get(), clock.instant());
        store.saveRelease(execution.id(), started);
        if (next.get() == 100) {
            return Optional.of(new PipelineEvent.Succeeded(Stage.FLIP, release.strategy().describe() + ": "
                    + shifted.message()));
        }
        hold(execution.id(), started);
        return Optional.empty();
    }

    /**
     * The step's share is sent: what both sides answer is watched from now, judged once its interval is over, or
     * at once when a look shows the new side over the bake's absolute limits (every further request would be served
     * by a failing build). The looks leave the comparison with the old side to the end: over a few requests, one
     * slow first answer of a fresh task is not a verdict.
     */
    private void hold(long id, ReleaseProgress release) {
        Held step = new Held(release.lastPercent(), deployments.watchSides());
        held.put(id, step);
        look(id, step, clock.instant().plus(release.strategy().interval()));
    }

    private void look(long id, Held step, Instant end) {
        Duration left = Duration.between(clock.instant(), end);
        scheduler.after(left.compareTo(lookEvery) < 0 ? left : lookEvery, () -> {
            if (held.get(id) != step) {
                return; // judged, or ended by a person, meanwhile
            }
            if (!clock.instant().isBefore(end) || analysis.limits().breach(step.sides().get().newSide(), "new-side")
                    .isPresent()) {
                continueOnWorker.accept(id);
            } else {
                look(id, step, end);
            }
        });
    }

    /**
     * Production is not at a share this release recorded: a person flipped, rolled back or shifted by hand. Their
     * choice stands: all of it on the new build bakes, none of it ends the release, any other share stops it there.
     */
    private Optional<PipelineEvent> movedMeanwhile(Execution execution, ReleaseProgress release, int share) {
        String what = "production was moved during " + release.where() + ", not by this release: "
                + execution.tag() + " serves " + share + " % of it";
        store.saveRelease(execution.id(), release.running().isPresent() ? release.stopped(what, clock.instant())
                : release);
        if (share == 100) {
            return Optional.of(new PipelineEvent.Succeeded(Stage.FLIP, what + "; it bakes"));
        }
        if (share == 0) {
            deployments.idle(Step.ACTOR);
            return Optional.of(new PipelineEvent.RolledBack(what + "; the release ends here"));
        }
        return Optional.of(new PipelineEvent.Failed(Stage.FLIP, what + "; the release stops at that share: flip to "
                + "finish it, or rollback to end it"));
    }

    /** A breach: all of production back on the old side at once, the new build's side idle again. */
    private PipelineEvent backToOldSide(String reason) {
        Outcome rollback = deployments.rollback(Step.ACTOR, reason);
        if (rollback.done()) {
            deployments.idle(Step.ACTOR);
        }
        return new PipelineEvent.RolledBack(reason + (rollback.done() ? "; all of production is back on the old "
                + "side" : "; the rollback failed: " + rollback.message()));
    }

    /** A step that cannot be taken after others were: none of production stays on a build half released. */
    private PipelineEvent failedMidway(String reason) {
        Outcome rollback = deployments.rollback(Step.ACTOR, reason);
        if (rollback.done()) {
            deployments.idle(Step.ACTOR);
        }
        return new PipelineEvent.Failed(Stage.FLIP, reason + (rollback.done() ? "; all of production is back on "
                + "the old side" : "; the rollback failed too: " + rollback.message()));
    }

    /**
     * A person's rollback: while a release shifts traffic it sends all of production back to the old side and ends
     * the release, which is never shifted again; otherwise the usual rollback.
     */
    Outcome rollBackByHand(String actor) {
        synchronized (oneAtATime) {
            Optional<Execution> shifting = store.activeExecutions().stream().filter(this::shifting).findFirst();
            Outcome rollback = deployments.rollback(actor, null);
            if (shifting.isEmpty() || !rollback.done()) {
                return rollback;
            }
            long id = shifting.get().id();
            held.remove(id);
            ReleaseProgress release = store.release(id).orElseThrow();
            String why = "by " + actor + " during " + release.where();
            if (release.running().isPresent()) {
                store.saveRelease(id, release.stopped("rolled back " + why, clock.instant()));
            }
            recorder.locked(() -> store.execution(id).filter(ReleaseSteps::flipping).ifPresent(execution ->
                    recorder.apply(execution, new PipelineEvent.RolledBack(why), EventType.PIPELINE_SHIFT_STEP)));
            deployments.idle(actor);
            return rollback.withMessage(rollback.message() + "; execution #" + id + " ends rolled back");
        }
    }

    private void save(Execution execution, ReleaseProgress release, String what) {
        store.saveRelease(execution.id(), release, Event.of(clock.instant(), Step.ACTOR,
                EventType.PIPELINE_SHIFT_STEP, "#" + execution.id() + " " + execution.tag() + ": " + what));
    }
}
