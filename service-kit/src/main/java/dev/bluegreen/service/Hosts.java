package dev.bluegreen.service;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name and address of this machine, as a service shows them to say where an answer came from. */
public final class Hosts {

    private Hosts() {
    }

    public static String name() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    public static String address() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "unknown-address";
        }
    }
}
