package dev.bluegreen.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told: what a function under test waits for moves it instead of time passing. */
public final class MovingClock extends Clock {

    private Instant now;

    public MovingClock(Instant start) {
        now = start;
    }

    public synchronized void move(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
