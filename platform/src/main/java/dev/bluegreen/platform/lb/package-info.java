/**
 * The embedded load balancer, in the manner of an ALB: listeners forward to target groups (to two by weight while
 * traffic shifts, optionally sticky) through one routing table that is replaced as a whole (the blue/green flip, a
 * shift step); target groups health-check their targets, balance round-robin over the healthy ones and drain
 * deregistered ones. HTTP/1.1 on both sides is the load balancer's own ({@code ClientConnection} to clients,
 * {@code Relay} to targets), a request's whole trip on one selector thread; Jetty accepts the connections and does
 * their reads and writes.
 */
package dev.bluegreen.platform.lb;
