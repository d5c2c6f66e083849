package dev.bluegreen.cli.up;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.platform.lb.ClientLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What each listener grants its clients: a deadline for a request's headers and a limit of open connections. */
public final class ClientLimitOptions {

    @Option(names = "--header-timeout", paramLabel = "MS", defaultValue = "10000",
            description = "a request's headers must arrive within this, else 408 and the connection is closed "
                    + "(default: ${DEFAULT-VALUE})")
    long headerTimeoutMs;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "2000",
            description = "open connections per listener; more wait until one closes (default: ${DEFAULT-VALUE})")
    int maxConnections;

    ClientLimits limits() {
        long min = ClientLimits.MIN_HEADER_TIMEOUT.toMillis();
        long max = ClientLimits.MAX_HEADER_TIMEOUT.toMillis();
        if (headerTimeoutMs < min || headerTimeoutMs > max) {
            throw new UserError("--header-timeout must be from " + min + " to " + max + " ms, got " + headerTimeoutMs);
        }
        if (maxConnections < 1 || maxConnections > ClientLimits.MAX_CONNECTIONS) {
            throw new UserError("--max-connections must be from 1 to " + ClientLimits.MAX_CONNECTIONS + ", got "
                    + maxConnections);
        }
        return new ClientLimits(Duration.ofMillis(headerTimeoutMs), maxConnections);
    }
}
