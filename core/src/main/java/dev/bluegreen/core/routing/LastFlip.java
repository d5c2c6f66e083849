package dev.bluegreen.core.routing;

/**
 * What the last flip did, as the runtime remembers it: it promoted {@code promoted} (running {@code promotedImage})
 * over {@code demoted} (running {@code demotedImage}). Rollback needs it: it undoes that flip while the demoted
 * side still runs the version production ran before. {@code requestId} names what asked for it (a pipeline job),
 * or is null: the same request delivered again must not flip back.
 */
public record LastFlip(String promoted, String promotedImage, String demoted, String demotedImage,
                       String requestId) {

    /** Records a flip that was decided on {@code before} and applied. */
    public static LastFlip of(Routing before, Decision.Proceed flip, String requestId) {
        return new LastFlip(flip.promoted(), before.tags(flip.promoted()).image().orElse(null), flip.demoted(),
                before.tags(flip.demoted()).image().orElse(null), requestId);
    }

    /** Whether this flip was asked for by {@code request} (never true for a request without an id). */
    public boolean answers(String request) {
        return request != null && request.equals(requestId);
    }
}
