package dev.bluegreen.platform.lb;

import java.time.Duration;
import java.util.Objects;

/**
 * What one listener grants its clients, so that a few slow ones cannot hold it: the time a request's headers may
 * take to arrive, and how many connections may be open at once.
 *
 * @param headerTimeout  from a request's first byte (from the connection's opening, for its first request) to the
 *                       end of its headers; a client slower than that is answered 408 and closed
 * @param maxConnections open connections at most; beyond them the listener stops accepting until one closes
 */
public record ClientLimits(Duration headerTimeout, int maxConnections) {

    public static final Duration MIN_HEADER_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_HEADER_TIMEOUT = Duration.ofMinutes(10);
    public static final int MAX_CONNECTIONS = 100_000;
    /** A person's browser sends its headers in milliseconds; ten seconds leaves room for any real network. */
    public static final ClientLimits DEFAULTS = new ClientLimits(Duration.ofSeconds(10), 2_000);

    public ClientLimits {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (headerTimeout.compareTo(MIN_HEADER_TIMEOUT) < 0 || headerTimeout.compareTo(MAX_HEADER_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the header timeout must be from " + MIN_HEADER_TIMEOUT.toMillis()
                    + " to " + MAX_HEADER_TIMEOUT.toMillis() + " ms, got " + headerTimeout.toMillis());
        }
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("the connection limit must be from 1 to " + MAX_CONNECTIONS
                    + " per listener, got " + maxConnections);
        }
    }
}
