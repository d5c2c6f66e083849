package dev.bluegreen.aws;

import java.time.Duration;

/** Waits a while: the thread sleeps, or, in a test, the test's clock moves instead. */
@FunctionalInterface
public interface Pause {

    Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
