package dev.bluegreen.platform.pipeline.source;

import dev.bluegreen.core.pipeline.Commit;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls a branch of the app repository and tells its listener about each new head commit: the pipeline's
 * trigger. Only the head counts: when several commits land between two polls, only the newest is reported (the
 * pipeline would supersede the older ones anyway). A head that moved backwards (a reset) is a new head too.
 *
 * <p>It starts from the last commit already handled, so that a platform restart does not rebuild it; with none,
 * the branch's current head is reported at the first poll. A poll that fails (a commit half-written, a
 * repository being repacked) is simply tried again at the next one; only a problem that lasts
 * {@link #PROBLEM_AFTER} is reported, once. A listener that throws is called again with the same commit at the
 * next poll, so no commit is lost to a passing failure downstream.
 *
 * <p>Polls run on one daemon thread; {@link #close} stops them.
 */
public final class CommitWatcher implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    /** Longer than writing any commit takes: failures shorter than this are not worth anyone's attention. */
    public static final Duration PROBLEM_AFTER = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** Told about new head commits, and about a watch that has kept failing. Called on the watcher's thread. */
    @FunctionalInterface
    public interface Listener {

        void newCommit(Commit commit);

        /** Polls have failed for {@link #PROBLEM_AFTER}; says why. Told once per run of failures. */
        default void problem(String message) {
        }
    }

    private final AppRepository repository;
    private final String branch;
    private final Duration problemAfter;
    private final Listener listener;
    private final ScheduledExecutorService poller;
    private volatile Thread pollThread;
    private volatile String lastSeenId;
    // Touched by the poll thread only.
    private boolean failing;
    private long failingSinceNanos;
    private boolean problemReported;

    private CommitWatcher(AppRepository repository, String branch, String lastSeenId, Duration problemAfter,
            Listener listener) {
        this.repository = repository;
        this.branch = branch;
        this.problemAfter = problemAfter;
        this.lastSeenId = lastSeenId;
        this.listener = listener;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "commit-watcher " + branch);
            thread.setDaemon(true);
            pollThread = thread;
            return thread;
        });
    }

    /** Watches {@code branch} every {@link #DEFAULT_INTERVAL}. */
    public static CommitWatcher start(AppRepository repository, String branch, String lastSeenId,
            Listener listener) {
        return start(repository, branch, lastSeenId, DEFAULT_INTERVAL, listener);
    }

    /**
     * Watches {@code branch} every {@code interval}, the first poll at once.
     *
     * @param lastSeenId the commit already handled (full or abbreviated id), or null to report the current head
     */
    public static CommitWatcher start(AppRepository repository, String branch, String lastSeenId,
            Duration interval, Listener listener) {
        return start(repository, branch, lastSeenId, interval, PROBLEM_AFTER, listener);
    }

    /** With a shorter patience for failing polls than {@link #PROBLEM_AFTER}, so a test need not wait for it. */
    static CommitWatcher start(AppRepository repository, String branch, String lastSeenId, Duration interval,
            Duration problemAfter, Listener listener) {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(listener, "listener");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, got " + interval);
        }
        if (lastSeenId != null && !lastSeenId.matches("[0-9a-f]{7,40}")) {
            throw new IllegalArgumentException("the last seen commit is 7 to 40 hex digits, got '" + lastSeenId
                    + "'");
        }
        repository.headId(branch); // an unknown branch fails the start, not every poll after it
        CommitWatcher watcher = new CommitWatcher(repository, branch, lastSeenId, problemAfter, listener);
        watcher.poller.scheduleWithFixedDelay(watcher::poll, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return watcher;
    }

    public String branch() {
        return branch;
    }

    /** The last commit reported to (and accepted by) the listener, or the one it started from. */
    public Optional<String> lastSeenId() {
        return Optional.ofNullable(lastSeenId);
    }

    private void poll() {
        try {
            String head = repository.headId(branch);
            String seen = lastSeenId;
            if (seen == null || !head.startsWith(seen)) {
                listener.newCommit(repository.commit(head));
            }
            lastSeenId = head;
            failing = false;
            problemReported = false;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // A periodic task that throws is never run again: only the JVM's own failure may end the watch.
            failed(e);
        }
    }

    private void failed(Throwable e) {
        long now = System.nanoTime();
        if (!failing) {
            failing = true;
            failingSinceNanos = now;
        }
        if (!problemReported && now - failingSinceNanos >= problemAfter.toNanos()) {
            problemReported = true;
            String why = e instanceof SourceException ? e.getMessage() : e.toString();
            try {
                listener.problem("watching branch " + branch + " of " + repository.dir() + " has failed for more "
                        + "than " + readable(problemAfter) + ": " + why);
            } catch (RuntimeException ignored) {
                // The listener could not even take the bad news; the next run of failures will try again.
            }
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }

    /** Stops polling; a poll under way finishes first (interrupting JGit mid-read could spoil its pack cache). */
    @Override
    public void close() {
        poller.shutdown();
        if (Thread.currentThread() == pollThread) {
            return; // closed by the listener, from the poll itself: it ends when the listener returns
        }
        try {
            poller.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
