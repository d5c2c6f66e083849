package dev.bluegreen.aws.stack;

import java.time.Duration;

/**
 * How often to look at a stack in progress, and for how long before giving up. A record so that tests poll
 * every few milliseconds without a hidden switch.
 */
public record Polling(Duration interval, Duration timeout) {

    /** CloudFormation's own waiters poll every 30 s; events are worth seeing sooner. Nested stacks take long. */
    public static final Polling DEFAULT = new Polling(Duration.ofSeconds(5), Duration.ofMinutes(90));

    void sleep() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.bluegreen.aws.AwsException("interrupted while waiting for CloudFormation", e);
        }
    }
}
