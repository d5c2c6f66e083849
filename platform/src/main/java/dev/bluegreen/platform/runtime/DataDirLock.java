package dev.bluegreen.platform.runtime;

import dev.bluegreen.platform.files.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * One platform per data directory: two would fight over the same tasks and state, and a purge must never delete
 * the directory of one that runs. The operating system drops the lock when the process dies, even by
 * {@code kill -9}, so a crash never leaves a stale lock behind.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE = "platform.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) {
        return tryAcquire(dataDir).orElseThrow(() -> new PlatformException("another bluegreen platform is running "
                + "with the data directory " + dataDir.toAbsolutePath() + " (stop it with 'bluegreen down', or use "
                + "--data-dir)"));
    }

    /** The lock, or empty when another process (or this one) holds it. */
    static Optional<DataDirLock> tryAcquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PrivateFiles.fileAttributes());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process (a platform a test runs)
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new DataDirLock(channel, lock));
        } catch (IOException e) {
            throw new PlatformException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
