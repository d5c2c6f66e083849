package dev.bluegreen.platform.lb;

/** A target's state as ALB names it; only HEALTHY targets receive requests. */
public enum TargetState {
    /** Registered, has not yet passed enough checks. */
    INITIAL,
    HEALTHY,
    UNHEALTHY,
    /** Deregistered: gets no new request, finishes the ones in flight. */
    DRAINING
}
