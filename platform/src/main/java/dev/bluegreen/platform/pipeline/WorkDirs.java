package dev.bluegreen.platform.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The builds' checkouts, one directory per tag: {@code <data-dir>/work/<tag>}, gone once the build is. */
final class WorkDirs {

    private final Path root;

    WorkDirs(Path dataDir) {
        this.root = dataDir.resolve("work");
    }

    Path of(String tag) {
        return root.resolve(tag);
    }

    /** An empty directory for the tag's checkout: what a run stopped by a crash left there goes first. */
    Path fresh(String tag) throws IOException {
        Path dir = of(tag);
        deleteQuietly(dir);
        return Files.createDirectories(dir);
    }

    void delete(String tag) {
        deleteQuietly(of(tag));
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover work directory is cleaned at the next build of the same tag
        }
    }
}
