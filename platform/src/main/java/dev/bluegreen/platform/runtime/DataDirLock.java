package dev.bluegreen.platform.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One platform per data directory: two would fight over the same tasks and state. The operating system drops the
 * lock when the process dies, even by {@code kill -9}, so a crash never leaves a stale lock behind.
 */
final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve("platform.lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new PlatformException("another bluegreen platform is running with the data directory "
                        + dataDir.toAbsolutePath() + " (stop it with 'bluegreen down', or use --data-dir)");
            }
            return new DataDirLock(channel, lock);
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
