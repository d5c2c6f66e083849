package dev.bluegreen.platform.pipeline.build;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a build's commands can reach of this machine. CodeBuild runs a build in a container of its own; here
 * {@link Bubblewrap} does the same for each command where it can run: the checkout is the only directory of the
 * machine it can write, the platform's data directory, its token and the user's home are not there at all, and it
 * sees no other process. Where it cannot run, {@link #unsandboxed} runs commands as they are, as this user: they
 * still get only an allow-listed environment (see {@link BuildEnvironment}), but can read whatever this user can.
 */
public sealed interface BuildSandbox permits Bubblewrap, Unsandboxed {

    /**
     * Where a build keeps what is not its checkout, for all of its commands: its temporary files and its home.
     *
     * @param tmp  {@code $TMPDIR}
     * @param home {@code $HOME}
     */
    record Scratch(Path tmp, Path home) {
    }

    /**
     * Bubblewrap ({@code bwrap}, found on the environment's {@code PATH}) when it is installed and runs here (a
     * container may forbid the namespaces it needs), else {@link #unsandboxed} saying why.
     *
     * @param environment the platform's, for {@code PATH}
     * @param hidden      directories a build must not see even where they lie under a system directory it is shown
     *                    (e.g. a data directory under {@code /usr/local}); the checkout may lie inside one
     */
    static BuildSandbox detect(Map<String, String> environment, Collection<Path> hidden) {
        return Bubblewrap.detect(environment, hidden);
    }

    /** Commands run as they are, as this user, with the allow-listed environment only. */
    static BuildSandbox unsandboxed(String why) {
        return new Unsandboxed(why);
    }

    /** The command line that runs {@code command} (a program and its arguments) in the sandbox, in the checkout. */
    List<String> commandLine(List<String> command, Path checkout, Scratch scratch);

    /** The scratch directories as the commands see them: {@code $TMPDIR} and {@code $HOME}. */
    Scratch inside(Scratch scratch);

    /** Whether builds are isolated: false when only their environment is scrubbed. */
    boolean isolates();

    /** One sentence for the platform's log, e.g. why builds are not isolated and what to do about it. */
    String describe();
}
