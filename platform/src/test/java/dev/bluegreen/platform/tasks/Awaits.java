package dev.bluegreen.platform.tasks;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits that fail with what we waited for and what we saw. */
final class Awaits {

    private Awaits() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<Object> seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up after " + timeout + " waiting for " + what + "; saw: " + seen.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
