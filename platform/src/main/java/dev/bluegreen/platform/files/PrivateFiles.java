package dev.bluegreen.platform.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only their owner can use (0600, 0700), whatever the umask: the platform's state, token,
 * logs and pid files say what runs where and hold what changes traffic. Each is created with the private mode (no
 * moment when it is readable by others) and then set to exactly that mode, since the umask may take bits off a
 * mode given at creation but never off a {@code chmod}. On a file system without POSIX modes this does nothing more
 * than create.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates the directory (its missing parents as usual) or, when it exists, makes it 0700. */
    public static Path directory(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, attribute(DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return restrict(dir, DIRECTORY);
    }

    /** Creates an empty file when there is none, and makes it 0600 either way. */
    public static Path file(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // kept, and restricted below
        }
        return restrict(file, FILE);
    }

    /** Replaces {@code target} with {@code text} in one step (a reader sees the old or the new file), mode 0600. */
    public static void write(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp", attribute(FILE));
        try {
            restrict(temp, FILE);
            Files.writeString(temp, text);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The private file mode, to give at creation (e.g. to {@code FileChannel.open}). */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Whether anyone but the owner may read, write or enter {@code path}. */
    public static boolean openToOthers(Path path) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
        modes.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        return !modes.isEmpty();
    }

    /** Sets the mode exactly (a chmod, which the umask does not touch). */
    public static Path restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        return POSIX ? Files.setPosixFilePermissions(path, mode) : path;
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> mode) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }
}
