package dev.bluegreen.cli.aws;

import dev.bluegreen.cli.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The bluegreen project's source as {@code platform.zip}, which CodeBuild builds on AWS: the files git tracks at
 * HEAD, with their content in the working tree (so an uncommitted fix is deployed as tested), nothing untracked
 * (no build output, no local data directory).
 */
final class PlatformSource {

    private PlatformSource() {
    }

    /** Refuses a directory that is not the project's root, before anything is uploaded. */
    static Path check(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        Path pom = root.resolve("pom.xml");
        try {
            if (!Files.isRegularFile(pom)
                    || !Files.readString(pom).contains("<artifactId>bluegreen-parent</artifactId>")) {
                throw new UserError("--source " + dir + " is not the bluegreen project (no pom.xml of "
                        + "bluegreen-parent there): run this in the project's directory, or give --source DIR");
            }
        } catch (IOException e) {
            throw new UserError("--source " + dir + ": cannot read " + pom + ": " + e.getMessage());
        }
        return root;
    }

    /** Writes the zip to a temporary file, deleted when this JVM exits. */
    static Path zip(Path root) {
        try (Git git = openGit(root)) {
            Repository repo = git.getRepository();
            ObjectId tree = repo.resolve("HEAD^{tree}");
            if (tree == null) {
                throw new UserError("--source " + root + " has no commit yet: platform.zip is made of the files "
                        + "git tracks at HEAD");
            }
            Path zip = Files.createTempFile("bluegreen-platform", ".zip");
            zip.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
                 TreeWalk walk = new TreeWalk(repo)) {
                walk.addTree(tree);
                walk.setRecursive(true);
                while (walk.next()) {
                    // symbolic links and submodules have no file content of their own to ship
                    if (!FileMode.REGULAR_FILE.equals(walk.getFileMode(0))
                            && !FileMode.EXECUTABLE_FILE.equals(walk.getFileMode(0))) {
                        continue;
                    }
                    Path file = root.resolve(walk.getPathString());
                    if (!Files.isRegularFile(file)) {
                        continue; // deleted in the working tree: deployed as it is here
                    }
                    z.putNextEntry(new ZipEntry(walk.getPathString()));
                    Files.copy(file, z);
                    z.closeEntry();
                }
            }
            return zip;
        } catch (IOException e) {
            throw new UserError("cannot package " + root + " as platform.zip: " + e);
        }
    }

    private static Git openGit(Path root) {
        try {
            return Git.open(root.toFile());
        } catch (IOException e) {
            throw new UserError("--source " + root + " is not a git checkout (" + e.getMessage() + "): "
                    + "platform.zip is made of the files git tracks");
        }
    }
}
