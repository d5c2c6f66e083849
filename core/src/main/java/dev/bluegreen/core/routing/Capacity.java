package dev.bluegreen.core.routing;

/**
 * The tasks behind the target groups, as a flip needs them to promote a side at full size ({@link TaskCounts}): how
 * many a group's service should run, and a way to scale it and wait for them. The local supervisor implements it; a
 * runtime that does not ({@link #AS_IS}) flips to sides as they are.
 */
public interface Capacity {

    /** Sides are promoted at whatever size they run. */
    Capacity AS_IS = new Capacity() {
        @Override
        public int desiredTasks(String group) {
            return 0;
        }

        @Override
        public Scaled scaleUp(String group, int count, String actor) {
            return new Scaled(count, count, 0);
        }

        @Override
        public void restore(String group, int count, String actor) {
            // nothing was scaled
        }
    };

    /**
     * How a scale-up went: {@code healthy} of the {@code wanted} tasks passed their health checks in time (all of
     * them, or the wait ran out); {@code before} is what the service was to run before, to go back to.
     */
    record Scaled(int wanted, int healthy, int before) {
        public boolean reached() {
            return healthy >= wanted;
        }
    }

    /** How many tasks the service that feeds {@code group} should run now. */
    int desiredTasks(String group);

    /**
     * Scales the service feeding {@code group} up to {@code count} tasks (never down), recorded as by {@code actor},
     * and waits, a bounded time, until that many of the group's targets are healthy.
     */
    Scaled scaleUp(String group, int count, String actor);

    /** Back to {@code count} after a scale-up that was not used (the flip was refused). */
    void restore(String group, int count, String actor);
}
