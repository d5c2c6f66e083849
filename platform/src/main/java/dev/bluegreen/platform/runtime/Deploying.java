package dev.bluegreen.platform.runtime;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which build is being deployed to the test side right now, if any: the deployer writes it, the flip's guard reads
 * it (promoting a half-replaced side is refused).
 */
final class Deploying implements Supplier<Optional<String>> {

    private volatile String tag;

    void begin(String image) {
        tag = image;
    }

    void end() {
        tag = null;
    }

    @Override
    public Optional<String> get() {
        return Optional.ofNullable(tag);
    }
}
