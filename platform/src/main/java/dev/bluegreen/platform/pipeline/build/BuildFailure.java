package dev.bluegreen.platform.pipeline.build;

/** A step of a build could not be done; the message is what the build result says. */
final class BuildFailure extends Exception {

    BuildFailure(String message) {
        super(message);
    }
}
