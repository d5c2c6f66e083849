package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.IllegalTransition;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.PipelineReason;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.Transitions;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.core.release.StepAnalysis;
import dev.bluegreen.platform.state.PlatformStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local pipeline: Source → Build → Deploy → Check → Review → Flip → Bake, one {@link Step} per stage, one
 * execution's stages at a time on one worker ({@link PipelineScheduler}); the core's state machine says what may
 * happen, the store remembers every transition (a restart finds each execution where it was). The Flip moves
 * production all at once or in the judged steps of the release's strategy ({@link ReleaseSteps}). Here: what people
 * and the commit watcher ask of it.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** Settings: how long the bake watches, its limits, and an optional review timeout (null: wait forever). */
    public record Settings(BakePolicy bake, Duration reviewTimeout, Duration bakeSampleEvery) {
    }

    private final PlatformStore store;
    private final Source source;
    private final ExecutionRecorder recorder;
    private final Superseder superseder;
    private final BuildLogs buildLogs;
    private final PipelineScheduler scheduler = new PipelineScheduler();
    private final Deployments deployments;
    private final ReviewStep review;
    private final ReleaseSteps releaseSteps;
    private final DeployGate gate;
    private final WorkDirs workDirs;
    private final StepRunner runner;

    /**
     * @param dataDir   where the build logs are kept ({@code logs/builds/})
     * @param checkouts where each build's checkout is made, in a directory named after its tag
     */
    public Pipeline(PlatformStore store, Source source, Builds builds, Checks checks, Deployments deployments,
                    Path dataDir, Path checkouts, Settings settings, MeterRegistry metrics, Clock clock) {
        this.store = store;
        this.source = source;
        this.recorder = new ExecutionRecorder(store, new PipelineMetrics(metrics), clock);
        this.superseder = new Superseder(store, recorder);
        this.buildLogs = new BuildLogs(dataDir);
        this.deployments = deployments;
        this.review = new ReviewStep(scheduler, deployments, settings.reviewTimeout(), clock, this::reject);
        this.releaseSteps = new ReleaseSteps(store, recorder, deployments, new StepAnalysis(settings.bake()),
                scheduler, this::continueOnWorker, settings.bakeSampleEvery(), clock);
        this.gate = new DeployGate(store, releaseSteps::shifting, this::continueOnWorker);
        this.workDirs = new WorkDirs(checkouts);
        this.runner = new StepRunner(store, recorder, superseder, workDirs, gate, List.of(
                new SourceStep(source, workDirs),
                new BuildStep(builds, workDirs, buildLogs, store),
                new DeployStep(deployments),
                new CheckStep(checks, workDirs, buildLogs, store),
                review,
                new FlipStep(deployments, store, releaseSteps),
                new BakeStep(deployments, settings.bake(), settings.bakeSampleEvery(), clock)));
    }

    /** Runs execution {@code id}'s stages again, from where it is, after the jobs already on the worker. */
    private void continueOnWorker(long id) {
        scheduler.run(() -> runner.run(id));
    }

    /**
     * After a restart: a review keeps waiting (its timeout still counts from when it started); a release that
     * shifts production in steps resumes its step ({@link ReleaseSteps}), and a deploy that waited for it still
     * waits; any other stage cannot pick up where it stopped (a build half done, a deploy half done), so its
     * execution is interrupted.
     */
    public void resume() {
        recorder.locked(() -> {
            boolean shifting = gate.anyShifting(-1);
            for (Execution execution : store.activeExecutions()) {
                if (execution.status() == ExecutionStatus.AWAITING_APPROVAL) {
                    review.scheduleTimeout(execution);
                } else if (releaseSteps.shifting(execution) || shifting && waitedToDeploy(execution)) {
                    continueOnWorker(execution.id());
                } else {
                    recorder.apply(execution, new PipelineEvent.Interrupted("the platform stopped during "
                            + execution.currentStage().name().toLowerCase(Locale.ROOT)));
                }
            }
        });
    }

    /** No deploy starts while a release shifts: one at its Deploy stage then waited, its checkout still there. */
    private boolean waitedToDeploy(Execution execution) {
        return execution.status() == ExecutionStatus.RUNNING && execution.currentStage() == Stage.DEPLOY
                && Files.isDirectory(workDirs.of(execution.tag()));
    }

    /** A ref asked for by hand: a new execution, superseding what it may. */
    public Outcome start(String ref, String actor) {
        Commit commit;
        try {
            commit = source.resolve(ref);
        } catch (RuntimeException e) {
            return Outcome.refused(e.getMessage());
        }
        return start(commit, actor);
    }

    /** A new commit (from the watcher, or resolved from a ref): a new execution, superseding what it may. */
    public Outcome start(Commit commit, String actor) {
        return start(commit, actor, false);
    }

    /**
     * The run the pipeline makes when it is created, as CodePipeline does: the app's head built, checked and, with
     * no review (production runs none of its builds yet), deployed to both sides.
     */
    public Outcome startFirstRun(Commit commit, String actor) {
        return start(commit, actor, true);
    }

    private Outcome start(Commit commit, String actor, boolean firstRun) {
        Execution execution = recorder.locked(() -> {
            Execution created = recorder.create(commit, actor, firstRun);
            superseder.supersedeFor(created);
            return created;
        });
        long id = execution.id();
        continueOnWorker(id);
        return Outcome.done("execution #" + id + " started: build " + execution.tag() + " of commit "
                + commit.shortId() + (firstRun ? " (the first run: no review)" : "")).with("execution", id);
    }

    /** Approves with the app's release strategy. */
    public Outcome approve(long id, String tag, String actor) {
        return approve(id, tag, actor, null);
    }

    /**
     * Approves exactly build {@code tag}, released by {@code strategy} (a spec such as {@code canary:10%:5m}) for
     * this release only, or by the app's when null.
     *
     * @throws IllegalArgumentException for a spec that is no strategy, saying what one looks like
     */
    public Outcome approve(long id, String tag, String actor, String strategy) {
        ReleaseStrategy chosen = strategy == null ? null : ReleaseStrategy.parse(strategy);
        PipelineEvent.Approved approval = new PipelineEvent.Approved(actor, tag);
        Optional<Outcome> refused = decide(id, () -> approval, execution -> {
            // chosen before the approval counts: a restart in between must not release it another way
            if (chosen != null && Transitions.allows(execution, approval.kind()) && execution.tag().equals(tag)) {
                store.saveRelease(id, release(id).choose(chosen, "approval by " + actor));
            }
        });
        if (refused.isPresent()) {
            return refused.get();
        }
        continueOnWorker(id);
        return Outcome.done("execution #" + id + " approved by " + actor + ": build " + tag
                + " goes to production, " + release(id).strategy().describe()).with("execution", id)
                .with("strategy", release(id).strategy().spec());
    }

    /** How execution {@code id} is released: as its build found in the app, all at once when it found nothing. */
    private ReleaseProgress release(long id) {
        return store.release(id).orElseGet(ReleaseProgress::allAtOnce);
    }

    /**
     * A person's rollback: while a release shifts production in steps, all of it goes back to the old side and the
     * release ends rolled back, saying by whom; otherwise the usual rollback of the last flip.
     */
    public Outcome rollback(String actor) {
        Outcome outcome = releaseSteps.rollBackByHand(actor);
        gate.reopenIfFree();
        return outcome;
    }

    public Outcome reject(long id, String reason, String actor) {
        return decide(id, () -> new PipelineEvent.Rejected(actor, reason), execution -> { }).orElseGet(() -> {
            idleTestSide(actor);
            return Outcome.done("execution #" + id + " rejected; production unchanged").with("execution", id);
        });
    }

    /** The rejected build was made ready at full size for its review: it no longer needs to be. */
    private void idleTestSide(String actor) {
        try {
            deployments.idle(actor);
        } catch (RuntimeException e) {
            LOG.warn("the test side was not idled after a rejected review: {}", e.toString());
        }
    }

    /** A person's decision on a review, applied; or why it is refused. */
    private Optional<Outcome> decide(long id, Supplier<PipelineEvent> decision, Consumer<Execution> first) {
        return recorder.locked(() -> {
            Optional<Execution> found = store.execution(id);
            if (found.isEmpty()) {
                return Optional.of(Outcome.refused(PipelineReason.NO_SUCH_EXECUTION.message(id))
                        .with("execution", id));
            }
            try {
                first.accept(found.get());
                recorder.apply(found.get(), decision.get());
                return Optional.empty();
            } catch (IllegalTransition refused) {
                return Optional.of(Outcome.refused(refused.getMessage()).with("execution", id));
            }
        });
    }

    /** The execution's build log, to be streamed and closed by the caller; empty if it never got to building. */
    public Optional<InputStream> buildLog(long id) {
        return store.execution(id).flatMap(execution -> buildLogs.open(execution.tag()));
    }

    @Override
    public void close() {
        superseder.cancelAll();
        scheduler.close();
    }
}
