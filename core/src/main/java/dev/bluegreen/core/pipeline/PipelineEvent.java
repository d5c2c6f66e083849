package dev.bluegreen.core.pipeline;

import java.util.Objects;

/** What can happen to an execution. Whether it may happen now is the {@link Transitions} table's to say. */
public sealed interface PipelineEvent {

    /** The kinds, as the transition table names them. */
    enum Kind { SUCCEED, FAIL, APPROVE, REJECT, SUPERSEDE, ROLL_BACK, INTERRUPT }

    Kind kind();

    /** The running stage finished well; the next one starts (the review waits for a person). */
    record Succeeded(Stage stage, String message) implements PipelineEvent {
        public Kind kind() {
            return Kind.SUCCEED;
        }
    }

    record Failed(Stage stage, String message) implements PipelineEvent {
        public Kind kind() {
            return Kind.FAIL;
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
    }

    record Rejected(String actor, String reason) implements PipelineEvent {
        public Kind kind() {
            return Kind.REJECT;
        }
    }

    record Superseded(long byExecution) implements PipelineEvent {
        public Kind kind() {
            return Kind.SUPERSEDE;
        }
    }

    /** Production breached the bake limits; the runtime has rolled back. */
    record RolledBack(String reason) implements PipelineEvent {
        public Kind kind() {
            return Kind.ROLL_BACK;
        }
    }

    record Interrupted(String reason) implements PipelineEvent {
        public Kind kind() {
            return Kind.INTERRUPT;
        }
    }
}
