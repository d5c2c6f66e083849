package dev.bluegreen.platform.bluegreen;

import java.util.Map;

/** The part of a load balancer that flips: where each listener forwards, and which groups can take traffic. */
public interface TrafficSwitch {

    /** Replaces every listener's target group at once: the next request on every connection sees the change. */
    void route(Map<String, String> listenerToGroup);

    boolean hasHealthyTarget(String group);
}
