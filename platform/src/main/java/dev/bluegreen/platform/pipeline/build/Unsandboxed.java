package dev.bluegreen.platform.pipeline.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Commands run as they are, as the platform's user: only their environment is scrubbed. What keeps the token out
 * of a relative path ({@code ../../token}) is then that the checkouts lie outside the data directory; an absolute
 * path still reaches it.
 */
record Unsandboxed(String why) implements BuildSandbox {

    Unsandboxed {
        Objects.requireNonNull(why, "why");
    }

    @Override
    public List<String> commandLine(List<String> command, Path checkout, Scratch scratch) {
        return List.copyOf(command);
    }

    @Override
    public Scratch inside(Scratch scratch) {
        return scratch;
    }

    @Override
    public boolean isolates() {
        return false;
    }

    @Override
    public String describe() {
        return "builds are not isolated (" + why + "): they run as this user and can read what it can, only their "
                + "environment is scrubbed; install bubblewrap (bwrap) to sandbox them";
    }
}
