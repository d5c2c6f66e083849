package dev.bluegreen.platform.pipeline;

import java.io.IOException;
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

    /** Empty when the build never started; a sentence instead of the log when it cannot be read. */
    Optional<String> read(String tag) {
        Path file = of(tag);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.of("(the build log " + file + " cannot be read: " + e.getMessage() + ")");
        }
    }
}
