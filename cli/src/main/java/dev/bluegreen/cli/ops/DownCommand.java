package dev.bluegreen.cli.ops;

import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.cli.up.ConfigFile;
import dev.bluegreen.platform.runtime.RunningPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "down", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Stop everything; --purge also deletes the data directory.")
public final class DownCommand implements Callable<Integer> {

    private static final long STOP_WAIT_SECONDS = 90;

    @Mixin
    PlatformOptions platform;

    @Option(names = "--purge", description = "also delete the data directory: movies, state, token, logs")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        Path dataDir = platform.dataDir;
        Optional<RunningPlatform> running = RunningPlatform.find(dataDir);
        if (running.isPresent()) {
            PlatformClient client = platform.client();
            Answers.report(client.post("/api/shutdown", Map.of()));
            Optional<ProcessHandle> process = ProcessHandle.of(running.get().pid());
            if (process.isPresent()) {
                try {
                    process.get().onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new UserError("the platform (pid " + running.get().pid() + ") did not stop within "
                            + STOP_WAIT_SECONDS + " s; see " + dataDir.resolve("logs"));
                }
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

    /** Deletes the directory only if it is one of ours: a typo such as {@code --data-dir ~} must not cost a home. */
    private static void purge(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            System.out.println("No data directory " + dataDir.toAbsolutePath() + " to delete.");
            return;
        }
        if (!Files.exists(dataDir.resolve("platform.db")) && !Files.exists(dataDir.resolve("movies.db"))) {
            throw new UserError(dataDir.toAbsolutePath() + " is not a bluegreen data directory (no platform.db or "
                    + "movies.db); not deleting it");
        }
        PathUtils.deleteDirectory(dataDir); // a symbolic link inside is deleted, never followed
        System.out.println("Deleted " + dataDir.toAbsolutePath() + ".");
    }
}
