package dev.bluegreen.platform.lb;

import java.net.InetAddress;
import java.util.function.Predicate;

/** A listener's name (the Jetty connector carries it) and which clients it lets in, like a security group. */
record ListenerConfig(String name, Predicate<InetAddress> allowClient) {
}
