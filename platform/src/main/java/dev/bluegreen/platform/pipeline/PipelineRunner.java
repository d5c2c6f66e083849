package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.IllegalTransition;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.PipelineReason;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.Transitions;
import dev.bluegreen.platform.state.PlatformStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local pipeline: Source → Build → Deploy → Review → Flip → Bake, one execution's stages at a time on one worker
 * thread; the core's state machine says what may happen, the store remembers every step (a restart finds each
 * execution where it was: waiting for review still waits, anything else that was running is marked interrupted).
 * A newer commit supersedes an execution that is building or waiting for review.
 */
public final class PipelineRunner implements AutoCloseable {

    /** Settings: how long the bake watches, its limits, and an optional review timeout (null: wait forever). */
    public record Settings(BakePolicy bake, Duration reviewTimeout, Duration bakeSampleEvery) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final String ACTOR = "pipeline";

    private final PlatformStore store;
    private final Source source;
    private final Builds builder;
    private final Deployments runtime;
    private final Clock clock;
    private final Path workDir;
    private final Path buildLogs;
    private final Settings settings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pipeline");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "pipeline-timers");
                thread.setDaemon(true);
                return thread;
            });
    /** Cancel flags of executions whose build may be running: a newer commit sets them. */
    private final Map<Long, AtomicBoolean> cancelled = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final PipelineMetrics metrics;

    public PipelineRunner(PlatformStore store, Source source, Builds builder, Deployments runtime, Path dataDir,
                          Settings settings, MeterRegistry metrics, Clock clock) {
        this.metrics = new PipelineMetrics(metrics);
        this.store = store;
        this.source = source;
        this.builder = builder;
        this.runtime = runtime;
        this.clock = clock;
        this.workDir = dataDir.resolve("work");
        this.buildLogs = dataDir.resolve("logs").resolve("builds");
        this.settings = settings;
    }

    /** After a restart: a review keeps waiting, every other unfinished execution is marked interrupted. */
    public void resume() {
        synchronized (lock) {
            for (Execution execution : store.activeExecutions()) {
                if (execution.status() == ExecutionStatus.AWAITING_APPROVAL) {
                    scheduleReviewTimeout(execution);
                    continue;
                }
                Stage stage = execution.currentStage();
                save(execution.apply(new PipelineEvent.Interrupted("the platform stopped during "
                        + stage.name().toLowerCase(Locale.ROOT)), clock.instant()), EventType.PIPELINE_INTERRUPTED);
            }
        }
    }

    /** A new commit (from the watcher) or a ref asked for by hand: a new execution, superseding what it may. */
    public Outcome start(String ref, String actor) {
        Commit commit;
        try {
            commit = source.resolve(ref);
        } catch (RuntimeException e) {
            return Outcome.refused(e.getMessage());
        }
        return start(commit, actor);
    }

    public Outcome start(Commit commit, String actor) {
        Execution execution;
        synchronized (lock) {
            execution = Execution.start(store.nextExecutionId(), commit, clock.instant());
            store.saveExecution(execution, Event.of(clock.instant(), actor, EventType.EXECUTION_STARTED,
                    execution.id(), execution.tag(), commit.shortId(), commit.author(), commit.subject()));
            for (Execution older : store.activeExecutions()) {
                if (older.id() != execution.id() && Transitions.allows(older, PipelineEvent.Kind.SUPERSEDE)) {
                    Optional.ofNullable(cancelled.get(older.id())).ifPresent(flag -> flag.set(true));
                    save(older.apply(new PipelineEvent.Superseded(execution.id()), clock.instant()), EventType.PIPELINE_SUPERSEDED);
                }
            }
            cancelled.put(execution.id(), new AtomicBoolean());
        }
        long id = execution.id();
        worker.submit(() -> runToReview(id));
        return Outcome.done("execution #" + id + " started: build " + execution.tag() + " of commit "
                + commit.shortId()).with("execution", id);
    }

    public Outcome approve(long id, String tag, String actor) {
        synchronized (lock) {
            Optional<Execution> found = store.execution(id);
            if (found.isEmpty()) {
                return Outcome.refused(PipelineReason.NO_SUCH_EXECUTION.message(id)).with("execution", id);
            }
            try {
                save(found.get().apply(new PipelineEvent.Approved(actor, tag), clock.instant()), EventType.PIPELINE_APPROVED);
            } catch (IllegalTransition refused) {
                return Outcome.refused(refused.getMessage()).with("execution", id);
            }
        }
        worker.submit(() -> flipAndBake(id));
        return Outcome.done("execution #" + id + " approved by " + actor + ": build " + tag
                + " goes to production").with("execution", id);
    }

    public Outcome reject(long id, String reason, String actor) {
        synchronized (lock) {
            Optional<Execution> found = store.execution(id);
            if (found.isEmpty()) {
                return Outcome.refused(PipelineReason.NO_SUCH_EXECUTION.message(id)).with("execution", id);
            }
            try {
                save(found.get().apply(new PipelineEvent.Rejected(actor, reason), clock.instant()), EventType.PIPELINE_REJECTED);
            } catch (IllegalTransition refused) {
                return Outcome.refused(refused.getMessage()).with("execution", id);
            }
        }
        return Outcome.done("execution #" + id + " rejected; production unchanged").with("execution", id);
    }

    /** The execution waiting for review, if any (there is at most one: a newer commit supersedes it). */
    public Optional<Execution> awaitingReview() {
        return store.activeExecutions().stream().filter(e -> e.status() == ExecutionStatus.AWAITING_APPROVAL)
                .max(Comparator.comparingLong(Execution::id));
    }

    public Optional<String> buildLog(long id) {
        return store.execution(id).map(e -> buildLogs.resolve(e.tag() + ".log")).filter(Files::isRegularFile)
                .map(file -> {
                    try {
                        return Files.readString(file);
                    } catch (IOException e) {
                        return "(the build log " + file + " cannot be read: " + e.getMessage() + ")";
                    }
                });
    }

    private void runToReview(long id) {
        AtomicBoolean cancel = cancelled.getOrDefault(id, new AtomicBoolean());
        supersedeReviewsBefore(id);
        try {
            Path src = workDir.resolve(store.execution(id).orElseThrow().tag());
            if (!step(id, Stage.SOURCE, () -> checkout(id, src))) {
                return;
            }
            if (!step(id, Stage.BUILD, () -> builder.build(src, tag(id), commitId(id),
                    buildLogs.resolve(tag(id) + ".log"), cancel::get))) {
                return;
            }
            if (step(id, Stage.DEPLOY, () -> runtime.deploy(tag(id), ACTOR, cancel::get))) {
                store.execution(id).ifPresent(this::scheduleReviewTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("execution #{} failed unexpectedly", id, e);
            fail(id, "unexpected failure: " + e);
        } finally {
            cancelled.remove(id);
            deleteQuietly(workDir.resolve(tagOrEmpty(id)));
        }
    }

    /**
     * A commit that arrived while an older execution was deploying waited for it; that older one, now waiting for
     * review, is superseded as this one starts, for this one is about to replace what the test side runs.
     */
    private void supersedeReviewsBefore(long id) {
        synchronized (lock) {
            if (store.execution(id).filter(e -> !e.isFinal()).isEmpty()) {
                return;
            }
            for (Execution older : store.activeExecutions()) {
                if (older.id() < id && older.status() == ExecutionStatus.AWAITING_APPROVAL) {
                    save(older.apply(new PipelineEvent.Superseded(id), clock.instant()), EventType.PIPELINE_SUPERSEDED);
                }
            }
        }
    }

    private void flipAndBake(long id) {
        try {
            if (!step(id, Stage.FLIP, () -> runtime.promote(tag(id), ACTOR))) {
                return;
            }
            bake(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("execution #{} failed unexpectedly", id, e);
            fail(id, "unexpected failure: " + e);
        }
    }

    /** Watches production for the bake window; on a breach rolls back at once and records why. */
    private void bake(long id) throws InterruptedException {
        BakePolicy policy = settings.bake();
        Supplier<BakePolicy.Sample> production = runtime.watchProduction();
        Instant end = clock.instant().plus(policy.window());
        while (clock.instant().isBefore(end)) {
            Thread.sleep(Math.min(settings.bakeSampleEvery().toMillis(),
                    Math.max(1, Duration.between(clock.instant(), end).toMillis())));
            Optional<String> breach = policy.breach(production.get());
            if (breach.isPresent()) {
                Outcome rollback = runtime.rollback(ACTOR, breach.get());
                synchronized (lock) {
                    store.execution(id).filter(e -> !e.isFinal()).ifPresent(e -> save(e.apply(
                            new PipelineEvent.RolledBack(breach.get() + (rollback.done() ? "" : "; the rollback "
                                    + "failed: " + rollback.message())), clock.instant()), EventType.PIPELINE_AUTO_ROLLBACK));
                }
                return;
            }
        }
        synchronized (lock) {
            store.execution(id).filter(e -> !e.isFinal()).ifPresent(e -> save(e.apply(new PipelineEvent.Succeeded(
                    Stage.BAKE, "production healthy for " + policy.window().toSeconds() + " s"), clock.instant()),
                    EventType.PIPELINE_SUCCEEDED));
        }
    }

    @FunctionalInterface
    private interface Work {
        Outcome run() throws InterruptedException;
    }

    /** Runs a stage if the execution is still at it (a newer commit may have superseded it); records the result. */
    private boolean step(long id, Stage stage, Work work) throws InterruptedException {
        if (!atStage(id, stage)) {
            return false;
        }
        Outcome result;
        try {
            result = work.run();
        } catch (RuntimeException e) {
            result = Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        synchronized (lock) {
            Optional<Execution> now = store.execution(id).filter(e -> !e.isFinal() && e.currentStage() == stage);
            if (now.isEmpty()) {
                return false; // superseded while it ran: its outcome no longer matters
            }
            PipelineEvent event = result.done() ? new PipelineEvent.Succeeded(stage, result.message())
                    : new PipelineEvent.Failed(stage, result.message());
            save(now.get().apply(event, clock.instant()), event.eventType());
            return result.done();
        }
    }

    private boolean atStage(long id, Stage stage) {
        return store.execution(id).filter(e -> !e.isFinal() && e.currentStage() == stage).isPresent();
    }

    private Outcome checkout(long id, Path into) {
        Execution execution = store.execution(id).orElseThrow();
        deleteQuietly(into);
        try {
            Files.createDirectories(into);
        } catch (IOException e) {
            return Outcome.failed("cannot create " + into + ": " + e.getMessage());
        }
        source.checkout(execution.commit().id(), into);
        Commit commit = execution.commit();
        return Outcome.done("commit " + commit.shortId() + " by " + commit.author() + ": " + commit.subject());
    }

    private void scheduleReviewTimeout(Execution execution) {
        if (settings.reviewTimeout() == null) {
            return;
        }
        Instant due = execution.stage(Stage.REVIEW).startedAt().plus(settings.reviewTimeout());
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
        timers.schedule(() -> reject(execution.id(), "no review within " + settings.reviewTimeout().toMinutes()
                + " min", "review-timeout"), delay, TimeUnit.MILLISECONDS);
    }

    private void fail(long id, String message) {
        synchronized (lock) {
            store.execution(id).filter(e -> !e.isFinal()).ifPresent(e -> {
                PipelineEvent event = Transitions.allows(e, PipelineEvent.Kind.FAIL)
                        ? new PipelineEvent.Failed(e.currentStage(), message) : new PipelineEvent.Interrupted(message);
                if (Transitions.allows(e, event.kind())) {
                    save(e.apply(event, clock.instant()), EventType.PIPELINE_FAILED);
                }
            });
        }
    }

    /** Saves the execution with an event describing where it now is. */
    private void save(Execution execution, EventType type) {
        store.execution(execution.id()).ifPresent(before -> metrics.transition(before, execution));
        store.saveExecution(execution, Event.of(clock.instant(), ACTOR, type, execution.describe()));
        LOG.info("{}", execution.describe());
    }

    private String tag(long id) {
        return store.execution(id).orElseThrow().tag();
    }

    private String tagOrEmpty(long id) {
        return store.execution(id).map(Execution::tag).orElse("none");
    }

    private String commitId(long id) {
        return store.execution(id).orElseThrow().commit().id();
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover work directory is cleaned at the next build of the same tag
        }
    }

    @Override
    public void close() {
        cancelled.values().forEach(flag -> flag.set(true));
        timers.shutdownNow();
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
