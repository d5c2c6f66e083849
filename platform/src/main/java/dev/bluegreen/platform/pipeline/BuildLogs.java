package dev.bluegreen.platform.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The builds' output, one file per tag: {@code <data-dir>/logs/builds/<tag>.log}. */
final class BuildLogs {

    private final Path dir;

    BuildLogs(Path dataDir) {
        this.dir = dataDir.resolve("logs").resolve("builds");
    }

    Path of(String tag) {
        return dir.resolve(tag + ".log");
    }

    /**
     * The log to stream (never read whole: it may hold up to the build runner's cap), which the caller closes.
     * Empty when the build never started; a sentence instead of the log when it cannot be read.
     */
    Optional<InputStream> open(String tag) {
        Path file = of(tag);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(file));
        } catch (IOException e) {
            return Optional.of(new ByteArrayInputStream(("(the build log " + file + " cannot be read: "
                    + e.getMessage() + ")\n").getBytes(StandardCharsets.UTF_8)));
        }
    }
}
