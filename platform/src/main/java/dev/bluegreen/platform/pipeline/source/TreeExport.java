package dev.bluegreen.platform.pipeline.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.io.FileUtils;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.SystemReader;

/**
 * Writes a commit's tree straight from git's object database into a directory: what was committed, byte for
 * byte, whatever the working tree, the index or git attributes say. A build then never sees a file the user has
 * not committed.
 */
final class TreeExport {

    private TreeExport() {
    }

    static void export(Repository repository, ObjectId commitId, Path target) {
        Directories.requireAbsentOrEmpty(target, "a checkout goes into a new or empty directory");
        Path staging = Directories.staging(target);
        try {
            write(repository, commitId, staging);
            Directories.moveIntoPlace(staging, target);
        } catch (IOException | RuntimeException e) {
            FileUtils.deleteQuietly(staging.toFile()); // a hidden .partial- directory left behind is harmless
            if (e instanceof SourceException source) {
                throw source;
            }
            throw new SourceException("cannot check out commit " + commitId.name() + " into " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private static void write(Repository repository, ObjectId commitId, Path root) throws IOException {
        try (RevWalk commits = new RevWalk(repository); TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(commits.parseCommit(commitId).getTree());
            ObjectReader reader = walk.getObjectReader();
            while (walk.next()) {
                requireSafe(walk, commitId);
                Path path = root.resolve(walk.getPathString());
                int mode = walk.getRawMode(0);
                switch (mode & FileMode.TYPE_MASK) {
                    case FileMode.TYPE_TREE -> {
                        Files.createDirectory(path);
                        walk.enterSubtree();
                    }
                    case FileMode.TYPE_SYMLINK -> Files.createSymbolicLink(path, Path.of(
                            new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8)));
                    // A submodule's commit lives in another repository: like git, leave its directory empty.
                    case FileMode.TYPE_GITLINK -> Files.createDirectory(path);
                    default -> {
                        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW)) {
                            reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).copyTo(out);
                        }
                        if (FileMode.EXECUTABLE_FILE.equals(mode)) {
                            makeExecutable(path);
                        }
                    }
                }
            }
        }
    }

    /** A crafted tree could name {@code ..} or {@code .git}; git refuses to check those out, and so do we. */
    private static void requireSafe(TreeWalk walk, ObjectId commitId) {
        try {
            SystemReader.getInstance().checkPath(walk.getRawPath());
        } catch (CorruptObjectException e) {
            throw new SourceException("commit " + commitId.name() + " holds an unsafe path '" + walk.getPathString()
                    + "' (" + e.getMessage() + "); it is not checked out");
        }
    }

    /** Execute permission wherever read permission is, as git does (so the umask still decides who). */
    private static void makeExecutable(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            file.toFile().setExecutable(true);
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(view.readAttributes().permissions());
        if (permissions.contains(PosixFilePermission.OWNER_READ)) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        view.setPermissions(permissions);
    }
}
