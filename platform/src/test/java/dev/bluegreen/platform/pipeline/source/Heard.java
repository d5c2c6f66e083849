package dev.bluegreen.platform.pipeline.source;

import static org.assertj.core.api.Assertions.fail;

import dev.bluegreen.core.pipeline.Commit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A watcher's listener that keeps what it was told, with bounded waits that say what they saw. */
class Heard implements CommitWatcher.Listener {

    final List<Commit> commits = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();

    @Override
    public void newCommit(Commit commit) {
        commits.add(commit);
    }

    @Override
    public void problem(String message) {
        problems.add(message);
    }

    List<String> ids() {
        return commits.stream().map(Commit::id).toList();
    }

    /** Waits until a commit with this id was reported; returns how long that took. */
    Duration awaitCommit(String id, Duration timeout) {
        long start = System.nanoTime();
        await("commit " + id, timeout, () -> ids().contains(id));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up after " + timeout + " waiting for " + what + "; heard commits " + ids()
                        + " and problems " + problems);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
