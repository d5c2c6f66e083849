package dev.bluegreen.core.routing;

/**
 * Why a routing decision was refused. Named once, so that the CLI, the control API, events and tests say the
 * same thing the same way.
 */
public enum Reason {
    LISTENER_UNROUTED("listener '%s' forwards to no target group"),
    NO_OTHER_GROUP("cannot tell which target group pairs with '%s': tag exactly two groups with Identifier "
            + "Code1 and Code2"),
    NO_HEALTHY_TARGET("target group '%s' has no healthy target; production stays on '%s'"),
    NOT_AT_FULL_SIZE("target group '%s' had %d of the %d healthy tasks production runs within the wait; production "
            + "stays on '%s' (see 'bluegreen status' and the tasks' logs)"),
    MOVED_MEANWHILE("the routing changed while '%s' was scaled up for production; nothing moved: try again"),
    FLIP_UNFINISHED("a flip that moved production to '%s' did not finish; run flip to finish it before shifting "
            + "traffic"),
    NO_PREVIOUS_FLIP("there is no earlier flip to roll back"),
    PREVIOUS_SIDE_MOVED("production is no longer where the last flip put it ('%s' is live, the last flip promoted "
            + "'%s'); flip instead"),
    PREVIOUS_VERSION_GONE("the test side '%s' now runs %s, not %s, which production ran before the last flip"),
    BUILD_NOT_ON_TEST("build %s is no longer on the test side (%s runs %s); nothing flipped"),
    SHIFTING("'%s' takes %d %% of production while traffic shifts; deploy once the release is done or rolled back"),
    DEPLOYING("build %s is being deployed to the test side; %s once it is done (or has failed)"),
    SCALE_TAKES_PRODUCTION_DOWN("%s serves production (listener %s): scaling it to 0 would take production down%s"),
    MISSING_TAG("target group '%s' has no %s tag"),
    DUPLICATE_IDENTIFIER("target groups '%s' and '%s' are both tagged Identifier=%s"),
    UNKNOWN_IDENTIFIERS("the target groups are tagged Identifier=%s and %s; blue/green needs Code1 and Code2");

    private final String template;

    Reason(String template) {
        this.template = template;
    }

    public String message(Object... args) {
        return String.format(template, args);
    }
}
