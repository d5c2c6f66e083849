package dev.bluegreen.platform.pipeline;

import dev.bluegreen.testing.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Holds a fake port's call until the test opens it, or until the pipeline cancels it: the test acts while the stage
 * runs, at a moment it knows.
 */
final class Gate {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);

    /** In the port: true once opened, false if the pipeline cancelled the call first. */
    boolean pass(BooleanSupplier cancelled) throws InterruptedException {
        entered.countDown();
        while (!opened.await(5, TimeUnit.MILLISECONDS)) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    void awaitEntered(String what) {
        Await.until(what + " started", PipelineUnderTest.PATIENCE, () -> entered.getCount() == 0);
    }

    void open() {
        opened.countDown();
    }
}
