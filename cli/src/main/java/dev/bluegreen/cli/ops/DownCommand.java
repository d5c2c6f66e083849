package dev.bluegreen.cli.ops;

import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.cli.up.ConfigFile;
import dev.bluegreen.platform.runtime.DataDir;
import dev.bluegreen.platform.runtime.RunningPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "down", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Stop everything; --purge also deletes the data directory.")
public final class DownCommand implements Callable<Integer> {

    private static final Duration STOP_WAIT = Duration.ofSeconds(90);

    @Mixin
    PlatformOptions platform;

    @Option(names = "--purge", description = "also delete the data directory (movies, state, token, logs), if bluegreen made it")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        Path dataDir = platform.dataDir;
        Optional<RunningPlatform> running = RunningPlatform.find(dataDir);
        if (running.isPresent()) {
            PlatformClient client = platform.client();
            Answers.report(client.post("/api/shutdown", Map.of()));
            // a zombie has stopped: its parent (whatever started up) may never collect it, and need not
            if (!running.get().awaitStopped(STOP_WAIT)) {
                throw new UserError("the platform (pid " + running.get().pid() + ") did not stop within "
                        + STOP_WAIT.toSeconds() + " s; see " + dataDir.resolve("logs"));
            }
            System.out.println("Stopped.");
        } else {
            System.out.println("Nothing is running with the data directory " + dataDir.toAbsolutePath() + ".");
        }
        if (purge) {
            purge(dataDir);
        }
        return 0;
    }

    /** Deletes the directory only if bluegreen made it: a typo such as {@code --data-dir ~} must not cost a home. */
    private static void purge(Path dataDir) {
        System.out.println(DataDir.purge(dataDir) ? "Deleted " + dataDir.toAbsolutePath() + "."
                : "No data directory " + dataDir.toAbsolutePath() + " to delete.");
    }
}
