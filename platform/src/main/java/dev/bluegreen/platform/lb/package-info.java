/**
 * The embedded load balancer, in the manner of an ALB: listeners forward to target groups (to two by weight while
 * traffic shifts, optionally sticky) through one routing table that is replaced as a whole (the blue/green flip, a
 * shift step); target groups health-check their targets, balance round-robin over the healthy ones and drain
 * deregistered ones. Built on Jetty's reverse proxy.
 */
package dev.bluegreen.platform.lb;
