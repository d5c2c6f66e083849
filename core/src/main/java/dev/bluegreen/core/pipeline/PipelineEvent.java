package dev.bluegreen.core.pipeline;

import dev.bluegreen.core.event.EventType;
import java.util.Objects;

/** What can happen to an execution. Whether it may happen now is the {@link Transitions} table's to say. */
public sealed interface PipelineEvent {

    /** The kinds, as the transition table names them. */
    enum Kind { SUCCEED, FAIL, APPROVE, REJECT, SUPERSEDE, ROLL_BACK, INTERRUPT }

    Kind kind();

    /** How the audit log records the transition this event makes. */
    EventType eventType();

    /** The running stage finished well; the next one starts (the review waits for a person). */
    record Succeeded(Stage stage, String message) implements PipelineEvent {
        public Kind kind() {
            return Kind.SUCCEED;
        }

        public EventType eventType() {
            return switch (stage) {
                case SOURCE -> EventType.PIPELINE_SOURCE_SUCCEEDED;
                case BUILD -> EventType.PIPELINE_BUILD_SUCCEEDED;
                case DEPLOY -> EventType.PIPELINE_DEPLOY_SUCCEEDED;
                case CHECK -> EventType.PIPELINE_CHECK_SUCCEEDED;
                case REVIEW -> EventType.PIPELINE_APPROVED;
                case FLIP -> EventType.PIPELINE_FLIP_SUCCEEDED;
                case BAKE -> EventType.PIPELINE_SUCCEEDED;
            };
        }
    }

    record Failed(Stage stage, String message) implements PipelineEvent {
        public Kind kind() {
            return Kind.FAIL;
        }

        public EventType eventType() {
            return switch (stage) {
                case SOURCE -> EventType.PIPELINE_SOURCE_FAILED;
                case BUILD -> EventType.PIPELINE_BUILD_FAILED;
                case DEPLOY -> EventType.PIPELINE_DEPLOY_FAILED;
                case CHECK -> EventType.PIPELINE_CHECK_FAILED;
                case FLIP -> EventType.PIPELINE_FLIP_FAILED;
                case REVIEW, BAKE -> EventType.PIPELINE_FAILED;
            };
        }
    }

    /** A person approves exactly the build {@code tag}: an approval meant for another build must not count. */
    record Approved(String actor, String tag) implements PipelineEvent {
        public Approved {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(tag, "tag");
        }

        public Kind kind() {
            return Kind.APPROVE;
        }

        public EventType eventType() {
            return EventType.PIPELINE_APPROVED;
        }
    }

    record Rejected(String actor, String reason) implements PipelineEvent {
        public Kind kind() {
            return Kind.REJECT;
        }

        public EventType eventType() {
            return EventType.PIPELINE_REJECTED;
        }
    }

    record Superseded(long byExecution) implements PipelineEvent {
        public Kind kind() {
            return Kind.SUPERSEDE;
        }

        public EventType eventType() {
            return EventType.PIPELINE_SUPERSEDED;
        }
    }

    /**
     * Production breached the bake limits, or the new side a step of a shift's analysis; the runtime has sent all of
     * production back to the old side.
     */
    record RolledBack(String reason) implements PipelineEvent {
        public Kind kind() {
            return Kind.ROLL_BACK;
        }

        public EventType eventType() {
            return EventType.PIPELINE_AUTO_ROLLBACK;
        }
    }

    record Interrupted(String reason) implements PipelineEvent {
        public Kind kind() {
            return Kind.INTERRUPT;
        }

        public EventType eventType() {
            return EventType.PIPELINE_INTERRUPTED;
        }
    }
}
