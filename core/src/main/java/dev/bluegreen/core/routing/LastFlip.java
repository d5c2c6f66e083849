package dev.bluegreen.core.routing;

/**
 * What the last flip did, as the runtime records it: it promoted {@code promoted} (running {@code promotedImage})
 * over {@code demoted} (running {@code demotedImage}). Rollback needs it: it undoes that flip while the demoted
 * side still runs the version production ran before.
 */
public record LastFlip(String promoted, String promotedImage, String demoted, String demotedImage) {

    /** Records a flip that was decided on {@code before} and applied. */
    public static LastFlip of(Routing before, Decision.Proceed flip) {
        return new LastFlip(flip.promoted(), before.tags(flip.promoted()).image().orElse(null), flip.demoted(),
                before.tags(flip.demoted()).image().orElse(null));
    }
}
