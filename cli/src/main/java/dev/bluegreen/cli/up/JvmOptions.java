package dev.bluegreen.cli.up;

import java.util.List;

/** The JVM flags of the services we start: small, quick to start, one place to tune. */
public final class JvmOptions {

    private JvmOptions() {
    }

    public static List<String> forServices() {
        return List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
    }
}
