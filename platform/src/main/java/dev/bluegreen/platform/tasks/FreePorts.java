package dev.bluegreen.platform.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports, found by binding port 0 and closing. Another process may take the port before the task binds
 * it; the task then fails to start and is restarted on another port, which is good enough locally.
 */
final class FreePorts {

    int allocate() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
