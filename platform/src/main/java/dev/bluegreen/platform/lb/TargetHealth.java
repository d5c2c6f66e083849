package dev.bluegreen.platform.lb;

/** One line of a target group's status: the target, its state and how many requests it is serving. */
public record TargetHealth(Target target, TargetState state, int inFlight) {
}
