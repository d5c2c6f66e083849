package dev.bluegreen.platform.pipeline.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A user's working copy changed with JGit through its own repository instance, as another process would: what
 * bluegreen sees of it goes through the files on disk only.
 */
public final class WorkingCopy implements AutoCloseable {

    static final PersonIdent USER = new PersonIdent("Ada Lovelace", "ada@example.com");

    private final Path dir;
    private final Git git;

    private WorkingCopy(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    static WorkingCopy init(Path dir, String branch) throws GitAPIException {
        return new WorkingCopy(dir, Git.init().setInitialBranch(branch).setDirectory(dir.toFile()).call());
    }

    public static WorkingCopy open(Path dir) throws IOException {
        return new WorkingCopy(dir, Git.open(dir.toFile()));
    }

    Path dir() {
        return dir;
    }

    Git git() {
        return git;
    }

    public WorkingCopy write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    WorkingCopy executable(String path) throws IOException {
        Files.setPosixFilePermissions(dir.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** Stages every change in the working tree (deletions too) and commits it; returns the new commit's id. */
    public String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).setAuthor(USER).setCommitter(USER).setSign(false).call().name();
    }

    String commitFile(String path, String content, String message) throws IOException, GitAPIException {
        return write(path, content).commit(message);
    }

    @Override
    public void close() {
        git.close();
    }
}
