package dev.bluegreen.core.routing;

import java.util.Objects;

/**
 * The two listeners a flip swaps: production (the seed's port 80) and test (8080). Locally they are named
 * {@code prod} and {@code test}; on AWS they are found by port.
 */
public record BlueGreenPair(String production, String test) {

    public static final BlueGreenPair LOCAL = new BlueGreenPair("prod", "test");

    public BlueGreenPair {
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(test, "test");
        if (production.equals(test)) {
            throw new IllegalArgumentException("the production and test listeners must differ");
        }
    }
}
