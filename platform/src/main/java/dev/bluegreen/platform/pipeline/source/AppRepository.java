package dev.bluegreen.platform.pipeline.source;

import dev.bluegreen.core.pipeline.Commit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache.FileKey;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * The front end's app repository: a real git repository on disk that the user commits to (from a terminal, an
 * IDE, anything), read in-process with JGit. Either created from the {@link SampleApp} ({@code <data-dir>/app})
 * or the user's own ({@code --app-repo PATH}), which bluegreen only reads: it never changes the user's working
 * tree, index or branches.
 *
 * <p>Safe to use from several threads. Problems the user can act on are {@link SourceException}s whose message
 * names the directory and what to do.
 */
public final class AppRepository implements AutoCloseable {

    /** The branch of a repository created from the sample app. */
    public static final String SAMPLE_BRANCH = "main";
    /** The message of the sample app's one commit. */
    public static final String SAMPLE_MESSAGE = "Sample app";
    /** Author and committer of the sample app's commit: "bluegreen &lt;bluegreen@localhost&gt;". */
    public static final String SAMPLE_AUTHOR = "bluegreen";
    public static final String SAMPLE_EMAIL = "bluegreen@localhost";
    /** At most this many commits from {@link #commitsAfter}: a list to show, not a history to replay. */
    public static final int MAX_COMMITS_AFTER = 100;

    static {
        // JGit measures each file system's timestamp resolution the first time it meets it (about 4 s, then
        // remembered in ~/.config/jgit). In the background it assumes a coarse resolution meanwhile, which only
        // costs a few more re-reads, so the first `up` does not wait for it.
        FS.FileStoreAttributes.setBackground(true);
    }

    private final Path dir;
    private final Repository repository;

    private AppRepository(Path dir, Repository repository) {
        this.dir = dir;
        this.repository = repository;
    }

    /**
     * Creates a git repository in {@code dir} (absent or empty) holding the sample app in one commit on
     * {@value #SAMPLE_BRANCH}. Built in a sibling directory and moved into place, so that a crash half-way never
     * leaves a repository without its commit behind.
     */
    public static AppRepository createFromSample(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        Directories.requireAbsentOrEmpty(target, "the app repository is created from the sample app only in a new "
                + "or empty directory; to use the repository there, open it instead");
        Path staging = Directories.staging(target);
        // Measure (see above) in the directory that stays, not in staging, which is renamed under the measurement.
        FS.FileStoreAttributes.get(target.getParent());
        try {
            try (Git git = Git.init().setInitialBranch(SAMPLE_BRANCH).setDirectory(staging.toFile()).call()) {
                SampleApp.copyTo(staging);
                git.add().addFilepattern(".").call();
                PersonIdent bluegreen = new PersonIdent(SAMPLE_AUTHOR, SAMPLE_EMAIL);
                // Neither signing nor hooks from the user's global git config may stop the platform's own commit.
                git.commit().setMessage(SAMPLE_MESSAGE).setAuthor(bluegreen).setCommitter(bluegreen)
                        .setSign(false).setNoVerify(true).call();
            }
            Directories.moveIntoPlace(staging, target);
        } catch (GitAPIException | IOException | RuntimeException e) {
            FileUtils.deleteQuietly(staging.toFile()); // a hidden .partial- directory left behind is harmless
            if (e instanceof SourceException source) {
                throw source;
            }
            throw new SourceException(target + ": cannot create the app repository: " + e.getMessage(), e);
        }
        return open(target);
    }

    /** {@link #open} when {@code dir} holds a git repository, else {@link #createFromSample}: what {@code up} does. */
    public static AppRepository openOrCreateFromSample(Path dir) {
        if (Files.exists(dir.resolve(Constants.DOT_GIT)) || FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
            return open(dir);
        }
        if (!Directories.isAbsentOrEmpty(dir)) {
            throw new SourceException(dir.toAbsolutePath().normalize() + ": exists but is neither a git repository "
                    + "nor empty, so the sample app cannot be put there; move it away or choose another directory");
        }
        return createFromSample(dir);
    }

    /**
     * Opens the git repository in {@code dir}: a working tree (with {@code .git}, also a linked worktree's
     * {@code .git} file) or a bare repository. Its current branch must have at least one commit.
     */
    public static AppRepository open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new SourceException(root + ": no such directory; the app repository must be a git repository "
                    + "holding buildspec.yml and taskdef.json");
        }
        // Never readEnvironment() or findGitDir(): a GIT_DIR in the platform's environment, or a repository in a
        // parent directory, must not be watched in place of the one the user named.
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
        if (Files.exists(root.resolve(Constants.DOT_GIT))) {
            builder.setWorkTree(root.toFile());
        } else if (FileKey.isGitRepository(root.toFile(), FS.DETECTED)) {
            builder.setGitDir(root.toFile());
        } else {
            throw new SourceException(root + ": not a git repository (it has no .git); create one there with "
                    + "`git init` and commit your app, or leave out --app-repo to start from the sample app");
        }
        Repository repository;
        try {
            repository = builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new SourceException(root + ": cannot open the git repository: " + e.getMessage(), e);
        }
        AppRepository app = new AppRepository(root, repository);
        try {
            if (repository.resolve(Constants.HEAD) == null) {
                String how = "(git -C " + root + " add . && git -C " + root + " commit -m \"First version\")";
                throw new SourceException(app.branches().isEmpty()
                        ? root + ": the git repository has no commits yet; commit your app first " + how
                        : root + ": the checked-out branch " + repository.getBranch() + " has no commits yet; "
                                + "switch to a branch with commits, or commit your app first " + how);
            }
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e instanceof SourceException source ? source
                    : new SourceException(root + ": cannot read the git repository: " + e.getMessage(), e);
        }
        return app;
    }

    /** The repository's directory (its working tree, or the repository itself when bare). */
    public Path dir() {
        return dir;
    }

    /** The branch checked out now (HEAD's): the one the pipeline watches unless told otherwise. */
    public String branch() {
        try {
            String full = repository.getFullBranch();
            if (full == null || !full.startsWith(Constants.R_HEADS)) {
                throw new SourceException(dir + ": HEAD is not on a branch (detached at " + abbreviate(full)
                        + "); check out the branch to deploy from, e.g. git -C " + dir + " switch main");
            }
            return Repository.shortenRefName(full);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The newest commit of {@code branch}. */
    public Commit head(String branch) {
        return commit(headId(branch));
    }

    /** The id of the newest commit of {@code branch}, without reading the commit: what a poll needs. */
    String headId(String branch) {
        try {
            Ref ref = branch == null || !Repository.isValidRefName(Constants.R_HEADS + branch) ? null
                    : repository.exactRef(Constants.R_HEADS + branch);
            if (ref == null || ref.getObjectId() == null) {
                throw new SourceException(dir + ": no branch '" + branch + "'; its branches: "
                        + String.join(", ", branches()));
            }
            return ref.getObjectId().name();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** A branch, tag or commit id (full or abbreviated), or any git revision such as {@code main~2}. */
    public Commit resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new SourceException("name a branch, tag or commit id of " + dir);
        }
        String wanted = ref.strip();
        ObjectId id;
        try {
            id = repository.resolve(wanted + "^{commit}");
        } catch (AmbiguousObjectException e) {
            throw new SourceException(dir + ": '" + wanted + "' starts the ids of " + e.getCandidates().size()
                    + " objects; give more digits", e);
        } catch (RevisionSyntaxException | IncorrectObjectTypeException e) {
            id = null;
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (id == null) {
            throw new SourceException(dir + ": no branch, tag or commit '" + wanted + "'");
        }
        return commit(id.name());
    }

    /**
     * Exports the tree of {@code commitId} (or any revision {@link #resolve} accepts) into {@code target}, which
     * must be absent or empty: exactly the committed files (no {@code .git}, nothing uncommitted, executable bits
     * and symbolic links kept, no line-ending or other filters applied). The directory appears complete or not
     * at all.
     */
    public void checkout(String commitId, Path target) {
        Commit commit = resolve(commitId);
        TreeExport.export(repository, ObjectId.fromString(commit.id()), target.toAbsolutePath().normalize());
    }

    /**
     * The commits of {@code branch} that {@code fromId} does not already contain, newest first, at most
     * {@value #MAX_COMMITS_AFTER}. When {@code fromId} is null or unknown here (history rewritten), every commit
     * of the branch up to that limit.
     */
    public List<Commit> commitsAfter(String fromId, String branch) {
        ObjectId head = ObjectId.fromString(headId(branch));
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(head));
            ObjectId from = fromId != null && ObjectId.isId(fromId) ? ObjectId.fromString(fromId) : null;
            if (from != null && repository.getObjectDatabase().has(from)) {
                walk.markUninteresting(walk.parseCommit(from));
            }
            List<Commit> commits = new ArrayList<>();
            for (RevCommit commit : walk) {
                if (commits.size() == MAX_COMMITS_AFTER) {
                    break;
                }
                commits.add(toCommit(commit));
            }
            return commits;
        } catch (IncorrectObjectTypeException e) {
            throw new SourceException(dir + ": " + fromId + " is not a commit", e);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The commit with this full id. */
    Commit commit(String id) {
        try (RevWalk walk = new RevWalk(repository)) {
            return toCommit(walk.parseCommit(ObjectId.fromString(id)));
        } catch (IOException e) {
            throw new SourceException(dir + ": cannot read commit " + id + ": " + e.getMessage(), e);
        }
    }

    private static Commit toCommit(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        return new Commit(commit.getId().name(), author == null ? "" : author.getName(), commit.getFullMessage(),
                commit.getCommitterIdent().getWhenAsInstant());
    }

    private List<String> branches() throws IOException {
        return repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                .map(ref -> Repository.shortenRefName(ref.getName())).sorted().toList();
    }

    private static String abbreviate(String id) {
        return id == null ? "nothing" : id.substring(0, Math.min(7, id.length()));
    }

    private SourceException unreadable(IOException e) {
        return new SourceException(dir + ": cannot read the git repository: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        repository.close();
    }

    @Override
    public String toString() {
        return "app repository " + dir;
    }
}
