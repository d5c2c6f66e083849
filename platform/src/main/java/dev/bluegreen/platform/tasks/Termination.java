package dev.bluegreen.platform.tasks;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** SIGTERM, then SIGKILL when the process has not ended within its grace period. */
final class Termination {

    private Termination() {
    }

    /**
     * Stops our child and returns its exit code (143 after SIGTERM, 137 after SIGKILL on Linux). Signals go through
     * the ProcessHandle: Process.destroy() would also close the child's stdin, which our tasks take as "the parent is
     * gone" and exit at once, skipping their graceful SIGTERM shutdown.
     */
    static int stop(Process process, Duration grace) {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                handle.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
                // we tried; the caller reports what it can
            }
            return process.isAlive() ? -1 : process.exitValue();
        }
        return process.exitValue();
    }

    /** Stops a process that is not our child (an orphan): no exit code to read. */
    static void stop(ProcessHandle process, Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            awaitQuietly(process);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(ProcessHandle process) {
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // reported as killed anyway: SIGKILL cannot be refused
        }
    }
}
