package dev.bluegreen.platform.pipeline.build;

import java.util.Objects;

/** One command of a buildspec and the phase it belongs to: what a failure names. */
public record BuildCommand(BuildPhase phase, String command) {

    public BuildCommand {
        Objects.requireNonNull(phase, "phase");
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("a build command must not be empty");
        }
    }

    @Override
    public String toString() {
        return phase.key() + ": " + command;
    }
}
