package dev.bluegreen.core.pipeline;

import dev.bluegreen.core.pipeline.PipelineEvent.Approved;
import dev.bluegreen.core.pipeline.PipelineEvent.Failed;
import dev.bluegreen.core.pipeline.PipelineEvent.Interrupted;
import dev.bluegreen.core.pipeline.PipelineEvent.Rejected;
import dev.bluegreen.core.pipeline.PipelineEvent.RolledBack;
import dev.bluegreen.core.pipeline.PipelineEvent.Succeeded;
import dev.bluegreen.core.pipeline.PipelineEvent.Superseded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One run of the pipeline for one commit, immutable: {@link #apply} returns the execution after an event, or throws
 * {@link IllegalTransition} when the {@link Transitions} table does not allow it.
 *
 * @param tag        the build's tag (the seed's {@code build.json}), known from the start so that an approval can
 *                   name exactly what it approves
 * @param approvedBy who approved the review, or null
 * @param firstRun   the run the pipeline makes when it is created, as CodePipeline does: production runs none of the
 *                   app's builds yet, so its build goes on from its checks to production without a review (and then
 *                   to both sides); every later run is reviewed
 */
public record Execution(long id, Commit commit, String tag, ExecutionStatus status, List<StageRun> stages,
                        String approvedBy, Instant createdAt, Instant endedAt, boolean firstRun) {

    public Execution {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        stages = List.copyOf(stages);
        if (stages.size() != Stage.values().length) {
            throw new IllegalArgumentException("an execution has one run per stage, got " + stages);
        }
    }

    /** A new execution for a commit: its source stage is running. */
    public static Execution start(long id, Commit commit, Instant now) {
        return start(id, commit, now, false);
    }

    /** The pipeline's first run, for the app's head when the pipeline is created: reviewed by its checks only. */
    public static Execution firstRun(long id, Commit commit, Instant now) {
        return start(id, commit, now, true);
    }

    private static Execution start(long id, Commit commit, Instant now, boolean firstRun) {
        List<StageRun> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            stages.add(stage == Stage.SOURCE ? StageRun.pending(stage).start(now, "commit " + commit.shortId())
                    : StageRun.pending(stage));
        }
        return new Execution(id, commit, tagFor(id, commit), ExecutionStatus.RUNNING, stages, null, now, null,
                firstRun);
    }

    /** Build tags name the execution and the commit: {@code b12-3f2a1c9}. Unique, readable, sortable by eye. */
    public static String tagFor(long id, Commit commit) {
        return "b" + id + "-" + commit.shortId();
    }

    public StageRun stage(Stage stage) {
        return stages.get(stage.ordinal());
    }

    /**
     * The stage running or waiting now; for a final execution, the one it ended at. Skipped stages are passed over:
     * the first run skips its review, and an execution stored before the checks existed has skipped them.
     */
    public Stage currentStage() {
        Stage last = Stage.SOURCE;
        for (StageRun run : stages) {
            if (run.status() == StageStatus.PENDING) {
                break;
            }
            if (run.status() != StageStatus.SKIPPED) {
                last = run.stage();
            }
        }
        return last;
    }

    public boolean isFinal() {
        return status.isFinal();
    }

    public Execution apply(PipelineEvent event, Instant now) {
        if (!Transitions.allows(this, event.kind())) {
            throw new IllegalTransition(PipelineReason.NOT_ALLOWED, id, status.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' '), currentStage(), verb(event.kind()));
        }
        Stage current = currentStage();
        if (event instanceof Succeeded succeeded) {
            requireStage(succeeded.stage());
            return advance(current, succeeded.message(), now, null);
        }
        if (event instanceof Failed failed) {
            requireStage(failed.stage());
            return end(ExecutionStatus.FAILED, StageStatus.FAILED, failed.message(), now);
        }
        if (event instanceof Approved approved) {
            if (!approved.tag().equals(tag)) {
                throw new IllegalTransition(PipelineReason.WRONG_TAG, id, tag, approved.tag());
            }
            return advance(current, "approved by " + approved.actor(), now, approved.actor());
        }
        if (event instanceof Rejected rejected) {
            return end(ExecutionStatus.REJECTED, StageStatus.FAILED, "rejected by " + rejected.actor()
                    + (rejected.reason() == null || rejected.reason().isBlank() ? "" : ": " + rejected.reason()), now);
        }
        if (event instanceof Superseded superseded) {
            return end(ExecutionStatus.SUPERSEDED, StageStatus.CANCELLED, "superseded by execution #"
                    + superseded.byExecution(), now);
        }
        if (event instanceof RolledBack rolledBack) {
            return end(ExecutionStatus.ROLLED_BACK, StageStatus.FAILED, "rolled back: " + rolledBack.reason(), now);
        }
        Interrupted interrupted = (Interrupted) event;
        return end(ExecutionStatus.INTERRUPTED, StageStatus.FAILED, "interrupted: " + interrupted.reason(), now);
    }

    private void requireStage(Stage stage) {
        if (stage != currentStage()) {
            throw new IllegalTransition(PipelineReason.WRONG_STAGE, id, currentStage(), stage);
        }
    }

    /**
     * The current stage succeeded: the next one starts; the review waits for approval (the first run skips it);
     * after the bake, done.
     */
    private Execution advance(Stage current, String message, Instant now, String approver) {
        List<StageRun> next = new ArrayList<>(stages);
        next.set(current.ordinal(), stage(current).end(StageStatus.SUCCEEDED, now, message));
        String approved = approver != null ? approver : approvedBy;
        if (current.next().isEmpty()) {
            return new Execution(id, commit, tag, ExecutionStatus.SUCCEEDED, next, approved, createdAt, now, firstRun);
        }
        Stage following = current.next().get();
        if (following == Stage.REVIEW && firstRun) {
            next.set(following.ordinal(), stage(following).end(StageStatus.SKIPPED, now, "no review on the first "
                    + "run: production runs none of this app's builds yet"));
            following = following.next().orElseThrow();
        }
        next.set(following.ordinal(), stage(following).start(now, following == Stage.REVIEW
                ? "waiting for approval of build " + tag : ""));
        ExecutionStatus status = following == Stage.REVIEW ? ExecutionStatus.AWAITING_APPROVAL
                : ExecutionStatus.RUNNING;
        return new Execution(id, commit, tag, status, next, approved, createdAt, null, firstRun);
    }

    /** Ends the execution at the current stage; the stages it never reached are skipped. */
    private Execution end(ExecutionStatus outcome, StageStatus stageOutcome, String message, Instant now) {
        Stage current = currentStage();
        List<StageRun> next = new ArrayList<>(stages);
        next.set(current.ordinal(), stage(current).end(stageOutcome, now, message));
        for (Stage later = current.next().orElse(null); later != null; later = later.next().orElse(null)) {
            next.set(later.ordinal(), stage(later).end(StageStatus.SKIPPED, now, ""));
        }
        return new Execution(id, commit, tag, outcome, next, approvedBy, createdAt, now, firstRun);
    }

    private static String verb(PipelineEvent.Kind kind) {
        return switch (kind) {
            case SUCCEED -> "marked succeeded";
            case FAIL -> "marked failed";
            case APPROVE -> "approved";
            case REJECT -> "rejected";
            case SUPERSEDE -> "superseded";
            case ROLL_BACK -> "rolled back";
            case INTERRUPT -> "interrupted";
        };
    }

    /** One line for a person: where it is and how it went. */
    public String describe() {
        StageRun current = stage(currentStage());
        String where = switch (status) {
            case RUNNING -> currentStage().name().toLowerCase(Locale.ROOT) + " running";
            case AWAITING_APPROVAL -> "waiting for approval";
            default -> status.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " at "
                    + currentStage().name().toLowerCase(Locale.ROOT);
        };
        return "#" + id + " " + tag + " (" + commit.subject() + "): " + where
                + (current.message().isBlank() ? "" : " — " + current.message());
    }
}
