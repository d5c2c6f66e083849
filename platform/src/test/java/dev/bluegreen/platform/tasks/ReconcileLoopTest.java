package dev.bluegreen.platform.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileLoopTest {

    private final AtomicInteger rounds = new AtomicInteger();
    private ReconcileLoop loop;

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void a_round_that_fails_is_retried_at_the_next() {
        loop = new ReconcileLoop(Duration.ofMillis(20));
        loop.start(() -> {
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug in the first round");
            }
        });

        Await.until("a second round", TestTasks.WAIT, () -> rounds.get() >= 2, rounds::get);
    }

    @Test
    void a_nudge_runs_a_round_without_waiting_for_the_interval() {
        loop = new ReconcileLoop(Duration.ofHours(1));
        loop.start(rounds::incrementAndGet);
        Await.until("the first round", TestTasks.WAIT, () -> rounds.get() == 1, rounds::get);

        loop.nudge();

        Await.until("a nudged round", TestTasks.WAIT, () -> rounds.get() == 2, rounds::get);
    }

    @Test
    void a_nudge_after_close_is_ignored() {
        loop = new ReconcileLoop(Duration.ofHours(1));
        loop.start(rounds::incrementAndGet);
        loop.close();
        int before = rounds.get();

        loop.nudge();

        assertThat(rounds.get()).isEqualTo(before);
    }
}
