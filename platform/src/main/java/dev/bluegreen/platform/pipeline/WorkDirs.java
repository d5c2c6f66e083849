package dev.bluegreen.platform.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;

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
        delete(tag);
        return Files.createDirectories(dir);
    }

    /** Best effort: a leftover work directory is cleaned at the next build of the same tag. */
    void delete(String tag) {
        FileUtils.deleteQuietly(of(tag).toFile());
    }
}
