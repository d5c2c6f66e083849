package dev.bluegreen.platform.pipeline.source;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Directories that appear complete or not at all: filled under a hidden sibling name, then renamed into place
 * (one rename on the same file system), so that a reader or a crash never sees half of one.
 */
final class Directories {

    private Directories() {
    }

    static boolean isAbsentOrEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new SourceException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    static void requireAbsentOrEmpty(Path dir, String why) {
        if (!isAbsentOrEmpty(dir)) {
            throw new SourceException(dir + ": " + (Files.isDirectory(dir) ? "not empty" : "not a directory")
                    + "; " + why);
        }
    }

    /** A new empty directory beside {@code target} (same file system, so the final rename is atomic). */
    static Path staging(Path target) {
        Path parent = target.getParent();
        String name = "." + target.getFileName() + ".partial-" + Long.toHexString(ThreadLocalRandom.current()
                .nextLong() & Long.MAX_VALUE);
        try {
            Files.createDirectories(parent);
            // Not createTempDirectory: its 0700 would stay on the result; this one follows the umask like mkdir.
            return Files.createDirectory(parent.resolve(name));
        } catch (IOException e) {
            throw new SourceException(parent + ": cannot create a directory there: " + e.getMessage(), e);
        }
    }

    /** Renames {@code staging} to {@code target}, which must be absent or an empty directory. */
    static void moveIntoPlace(Path staging, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            Files.delete(target); // fails unless empty, which is what the caller checked
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
    }

}
