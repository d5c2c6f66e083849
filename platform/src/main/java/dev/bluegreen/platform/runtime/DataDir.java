package dev.bluegreen.platform.runtime;

import dev.bluegreen.platform.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * The data directory, private to its owner (0700) and marked as the platform's own by a file,
 * {@value #MARKER}, so that {@code down --purge} deletes a directory bluegreen made and nothing else: a typo such as
 * {@code --data-dir ~} must not cost a home, even one where {@code load --db ~/movies.db} left a database.
 *
 * <p>A directory is marked when {@code up} creates it, or finds it empty, holding only a movies database (a
 * {@code load} before the first {@code up}) or holding a platform of a version from before the marker: a
 * {@code platform.db} and nothing bluegreen does not make. {@code purge} recognises such a directory unmarked too.
 * A home, a project, or any directory with a file of its own in it (even one named like bluegreen's, such as a
 * lone {@code app/}) is none of these.
 */
public final class DataDir {

    public static final String MARKER = ".bluegreen-data-dir";
    private static final String MARKER_TEXT = "This directory holds a bluegreen platform's data (state, token, logs, "
            + "movies).\n'bluegreen down --purge' deletes it, with everything in it.\n";
    /** Everything bluegreen has ever put at the top of a data directory. */
    private static final Set<String> MADE_BY_BLUEGREEN = Set.of(MARKER, "movies.db", "movies.db-wal",
            "movies.db-shm", "movies.db-journal", "platform.db", "platform.db-wal", "platform.db-shm",
            "platform.db-journal", DataDirLock.FILE, RunningPlatform.FILE, "token", "logs", "run", "app", "artifacts",
            "work");
    /** Files being written in one step (token, platform.json): a temporary name, then renamed. */
    private static final Pattern BEING_WRITTEN = Pattern.compile("(token|platform\\.json).*\\.(part|tmp)");

    private DataDir() {
    }

    /**
     * Makes the directory ready for a platform: created (mode 0700) and marked when new, adopted when empty or
     * holding only what bluegreen makes, made 0700 again when it is ours; a directory that is not ours keeps its
     * mode (the platform's files in it are private anyway).
     *
     * @return whether the directory is the platform's own, which {@code down --purge} may delete
     */
    public static boolean prepare(Path dir) {
        try {
            boolean isNew = Files.notExists(dir, LinkOption.NOFOLLOW_LINKS);
            if (!isNew && !Files.isDirectory(dir)) {
                throw new PlatformException("the data directory " + dir.toAbsolutePath() + " is not a directory");
            }
            boolean ours = isNew || Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)
                    || adoptable(dir);
            if (ours) {
                PrivateFiles.directory(dir);
                if (Files.notExists(dir.resolve(MARKER))) {
                    PrivateFiles.write(dir.resolve(MARKER), MARKER_TEXT);
                }
            } else {
                Files.createDirectories(dir);
            }
            PrivateFiles.directory(dir.resolve("logs"));
            return ours;
        } catch (IOException e) {
            throw new PlatformException("cannot prepare the data directory " + dir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Deletes the directory with everything in it, if it is the platform's own, while holding its lock: no platform
     * can run with it meanwhile, and one that runs makes the purge fail.
     *
     * @return false when there is no such directory
     * @throws PlatformException when the directory is not the platform's own, or a platform runs with it
     */
    public static boolean purge(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            Path real = dir.toRealPath();
            refuseUnlessOurs(real);
            try (DataDirLock lock = DataDirLock.tryAcquire(real).orElseThrow(() -> new PlatformException(
                    "a bluegreen platform is running with " + real + "; not deleting it (stop it first with "
                            + "'bluegreen down')"))) {
                PathUtils.deleteDirectory(real); // a symbolic link inside is deleted, never followed
            }
            return true;
        } catch (IOException e) {
            throw new PlatformException("cannot delete " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Empty, only a movies database, or a platform from before the marker. */
    private static boolean adoptable(Path dir) throws IOException {
        List<String> names = names(dir);
        return names.stream().allMatch(name -> name.startsWith("movies.db") && MADE_BY_BLUEGREEN.contains(name))
                || fromBeforeTheMarker(dir);
    }

    /** A platform ran there ({@code platform.db}) and the directory holds nothing bluegreen does not make. */
    private static boolean fromBeforeTheMarker(Path dir) throws IOException {
        return Files.isRegularFile(dir.resolve("platform.db"), LinkOption.NOFOLLOW_LINKS)
                && notMadeByBluegreen(dir).isEmpty();
    }

    private static void refuseUnlessOurs(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS) || fromBeforeTheMarker(dir)) {
            return;
        }
        List<String> strangers = notMadeByBluegreen(dir);
        String holds = strangers.isEmpty() ? "no platform ever ran there"
                : "it holds " + String.join(", ", strangers.subList(0, Math.min(3, strangers.size())))
                        + (strangers.size() > 3 ? " and " + (strangers.size() - 3) + " more" : "");
        throw new PlatformException(dir + " is not a data directory bluegreen made (no " + MARKER + " in it, and "
                + holds + "); not deleting it. Delete it yourself if that is what you want.");
    }

    /** The names at the top of the directory that bluegreen never makes, sorted. */
    private static List<String> notMadeByBluegreen(Path dir) throws IOException {
        return names(dir).stream()
                .filter(name -> !MADE_BY_BLUEGREEN.contains(name) && !BEING_WRITTEN.matcher(name).matches()).toList();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}
