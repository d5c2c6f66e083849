package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.platform.lb.Cidr;
import dev.bluegreen.platform.lb.ClientLimits;
import dev.bluegreen.platform.lb.HealthCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the local platform is laid out. Ports may be 0 (a free one is chosen; status tells which).
 *
 * @param dataDir             movies DB, {@code platform.db}, {@code token}, {@code logs/}, {@code run/}
 * @param host                the address the listeners bind
 * @param controlHost         the address the control API binds: loopback unless told otherwise, whatever
 *                            {@code host} is (beyond loopback, every request to it needs the token)
 * @param testAllow           the clients the test listener lets in (the seed left it open to the internet)
 * @param prodTasks           web tasks of the side in production (and of a side before production moves to it),
 *                            or null to keep what the state says (2 on a first start)
 * @param idleTasks           web tasks of the test side while it idles, or null to keep what the state says (1 on a
 *                            first start)
 * @param apiTasks            API tasks, or null to keep what the state says (2 on a first start)
 * @param image               the version both web sides run on a first start (later the state says)
 * @param healthCheck         every target group's health check
 * @param deregistrationDelay how long a deregistered target may finish its requests in flight
 * @param pipeline            the app repository, the watched branch, the bake and the timeouts
 * @param clientLimits        each listener's header deadline and connection limit
 * @param stickiness          how long a client stays on the side it was first sent to while traffic shifts (a
 *                            cookie); zero: every request is sent by weight
 */
public record PlatformConfig(Path dataDir, String host, String controlHost, int prodPort, int testPort, int apiPort,
                             int controlPort, List<Cidr> testAllow, Integer prodTasks, Integer idleTasks,
                             Integer apiTasks, String image,
                             HealthCheck healthCheck, Duration deregistrationDelay, PipelineConfig pipeline,
                             ClientLimits clientLimits, Duration stickiness) {

    public static final int DEFAULT_API_TASKS = 2;
    public static final int MAX_TASKS = TaskCounts.MAX;
    /** An ALB's longest target group stickiness. */
    public static final Duration MAX_STICKINESS = Duration.ofDays(7);

    public PlatformConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(controlHost, "controlHost");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(deregistrationDelay, "deregistrationDelay");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(clientLimits, "clientLimits");
        Objects.requireNonNull(stickiness, "stickiness");
        if (stickiness.isNegative() || stickiness.compareTo(MAX_STICKINESS) > 0) {
            throw new IllegalArgumentException("stickiness must be from 0 (off) to 7 days, got " + stickiness);
        }
        testAllow = List.copyOf(testAllow);
        if (testAllow.isEmpty()) {
            throw new IllegalArgumentException("the test listener must let in at least one address range");
        }
        requireTasks("production web tasks", prodTasks, 1);
        requireTasks("idle web tasks", idleTasks, 1);
        requireTasks("API tasks", apiTasks, 0);
    }

    private static void requireTasks(String what, Integer count, int least) {
        if (count != null && (count < least || count > MAX_TASKS)) {
            throw new IllegalArgumentException(what + " must be from " + least + " to " + MAX_TASKS + ", got "
                    + count);
        }
    }

    public Path stateFile() {
        return dataDir.resolve("platform.db");
    }

    public Path artifactsDir() {
        return dataDir.resolve("artifacts");
    }

    public Path tokenFile() {
        return dataDir.resolve("token");
    }
}
