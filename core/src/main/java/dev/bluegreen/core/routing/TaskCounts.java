package dev.bluegreen.core.routing;

/**
 * Promotion at full size: how many web tasks each side runs, and when. Production runs {@code production} tasks (2
 * by default, so that a crash of one costs nothing while it is replaced); the test side idles at {@code idle} (1).
 * Before traffic moves to a side (a flip, the pipeline's flip, a rollback) that side is scaled to what production
 * runs then, and must be healthy at that count; a new build goes to the test side at production's count (CodeDeploy's
 * replacement task set is full size too), so that approving it moves production at once; after the bake the side
 * production left goes back to the idle count, as does a side whose build was rejected. A flip or rollback by hand leaves the side it demoted as it
 * is, so that flipping back is immediate; the next deploy to it idles it. Pure: the runtime scales, this decides.
 */
public record TaskCounts(int production, int idle) {

    public static final int MAX = 20;

    public TaskCounts {
        if (production < 1 || production > MAX || idle < 1 || idle > MAX) {
            throw new IllegalArgumentException("production and idle task counts must be from 1 to " + MAX + ", got "
                    + production + " and " + idle);
        }
    }

    public static TaskCounts defaults() {
        return new TaskCounts(2, 1);
    }

    /** Both sides at the same count: what {@code --web-tasks} asks for, and every side always at full size. */
    public static TaskCounts same(int count) {
        return new TaskCounts(count, count);
    }

    /**
     * How many healthy tasks a side needs before production moves to it: what production runs now, and never fewer
     * than the side already runs.
     */
    public static int toPromote(int productionRuns, int sideRuns) {
        return Math.max(1, Math.max(productionRuns, sideRuns));
    }

    /** What the side production left runs after the bake: the idle count, never more than it runs now. */
    public int afterBake(int sideRuns) {
        return Math.min(sideRuns, idle);
    }

    /** How many tasks of a new build the test side runs: what production runs now, so that it can take over. */
    public static int forDeploy(int productionRuns) {
        return Math.max(1, productionRuns);
    }
}
