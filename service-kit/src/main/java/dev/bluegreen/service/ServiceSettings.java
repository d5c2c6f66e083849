package dev.bluegreen.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service listens and identifies itself. Binds loopback unless told otherwise; {@code port} 0 picks a free
 * one. {@code drainTimeout} bounds how long a stop waits for requests in flight.
 */
public record ServiceSettings(String name, String host, int port, Duration drainTimeout, String version,
                              String instanceId) {

    public static final String LOOPBACK = "127.0.0.1";

    public ServiceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(instanceId, "instanceId");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }
}
