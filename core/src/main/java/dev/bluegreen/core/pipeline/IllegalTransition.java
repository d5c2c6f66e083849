package dev.bluegreen.core.pipeline;

/** An event that the execution's state does not allow, with the reason in words a user can act on. */
public final class IllegalTransition extends RuntimeException {

    private final PipelineReason reason;

    IllegalTransition(PipelineReason reason, Object... args) {
        super(reason.message(args));
        this.reason = reason;
    }

    public PipelineReason reason() {
        return reason;
    }
}
