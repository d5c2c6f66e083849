package dev.bluegreen.core.routing;

import java.util.Objects;

/**
 * The two listeners a flip swaps: production (the seed's port 80) and test (8080). Both runtimes call them
 * {@code prod} and {@code test} ({@link #STANDARD}): locally they are named so; on AWS they are found by port.
 */
public record BlueGreenPair(String production, String test) {

    public static final BlueGreenPair STANDARD = new BlueGreenPair("prod", "test");

    public BlueGreenPair {
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(test, "test");
        if (production.equals(test)) {
            throw new IllegalArgumentException("the production and test listeners must differ");
        }
    }
}
