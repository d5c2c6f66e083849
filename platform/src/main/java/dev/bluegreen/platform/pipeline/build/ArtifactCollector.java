package dev.bluegreen.platform.pipeline.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Copies the files a buildspec names as artifacts from the source directory into a new artifact directory. */
final class ArtifactCollector {

    private ArtifactCollector() {
    }

    /**
     * @param artifactsRoot skipped if it lies in the source directory: earlier builds, and the one being made
     * @return how many files were copied (at least one)
     */
    static int collect(Path sourceDir, Buildspec.Artifacts artifacts, Path into, Path artifactsRoot)
            throws IOException, BuildFailure {
        Path source = sourceDir.toRealPath();
        Path base = source.resolve(artifacts.baseDirectory()).normalize();
        String baseName = artifacts.baseDirectory().isEmpty() ? "the source directory"
                : "artifacts.base-directory '" + artifacts.baseDirectory() + "'";
        if (!base.startsWith(source) || !Files.isDirectory(base)) {
            throw new BuildFailure(baseName + " does not exist after the build");
        }
        Map<Path, String> copiedFrom = new HashMap<>();
        try {
            Files.walkFileTree(base, copier(source, base, artifacts, into, artifactsRoot.toRealPath(), copiedFrom));
        } catch (DuplicateName e) {
            throw new BuildFailure("artifacts.discard-paths puts both " + e.first + " and " + e.second + " at "
                    + e.target + "; keep the paths or narrow artifacts.files");
        }
        if (copiedFrom.isEmpty()) {
            throw new BuildFailure("no file matches artifacts.files " + artifacts.files().stream()
                    .map(p -> "'" + p + "'").collect(Collectors.joining(", ", "[", "]")) + " in " + baseName
                    + ": the build produced nothing to deploy");
        }
        return copiedFrom.size();
    }

    private static SimpleFileVisitor<Path> copier(Path source, Path base, Buildspec.Artifacts artifacts, Path into,
            Path artifactsRoot, Map<Path, String> copiedFrom) {
        List<ArtifactGlob> globs = ArtifactGlob.all(artifacts.files());
        return new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // the checkout's git metadata is never part of what gets deployed
                boolean skip = dir.getFileName().toString().equals(".git") && !dir.equals(base)
                        || dir.equals(artifactsRoot);
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (isPublishable(file, attrs, source) && globs.stream().anyMatch(glob -> glob.matches(relative))) {
                    Path target = into.resolve(artifacts.discardPaths() ? file.getFileName().toString() : relative);
                    String earlier = copiedFrom.putIfAbsent(target, relative);
                    if (earlier != null) {
                        throw new DuplicateName(earlier, relative, into.relativize(target).toString());
                    }
                    Files.createDirectories(target.getParent());
                    // follows a link to its file inside the checkout: the artifact holds the content, not the link
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        };
    }

    /**
     * Regular files, and links to regular files inside the checkout. A link that leads out of it is left behind: a
     * build must not publish files of the machine it runs on.
     */
    private static boolean isPublishable(Path file, BasicFileAttributes attrs, Path source) throws IOException {
        if (attrs.isRegularFile()) {
            return true;
        }
        return attrs.isSymbolicLink() && Files.isRegularFile(file)
                && file.toRealPath().startsWith(source);
    }

    /** Thrown out of the file walk, which only lets IOExceptions through. */
    private static final class DuplicateName extends IOException {
        private final String first;
        private final String second;
        private final String target;

        DuplicateName(String first, String second, String target) {
            super("duplicate artifact name " + target);
            this.first = first;
            this.second = second;
            this.target = target;
        }
    }
}
