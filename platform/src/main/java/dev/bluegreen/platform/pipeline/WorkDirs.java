package dev.bluegreen.platform.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;

/**
 * The builds' checkouts, one directory per tag, e.g. {@code <data-dir>/work/<tag>}, gone once the build is. Where
 * builds are not sandboxed, the root lies outside the data directory: a build must not find the token at
 * {@code ../../token}.
 */
final class WorkDirs {

    private final Path root;

    WorkDirs(Path root) {
        this.root = root;
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
