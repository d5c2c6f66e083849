package dev.bluegreen.platform.state;

import java.util.Objects;

/**
 * A service as the platform keeps it: the target group its tasks join, how many tasks it should run, and the
 * version (image tag) they run.
 */
public record ServiceRecord(String name, String targetGroup, int desiredCount, String image) {

    public ServiceRecord {
        Objects.requireNonNull(name, "name");
        if (desiredCount < 0) {
            throw new IllegalArgumentException("a service runs 0 or more tasks, not " + desiredCount);
        }
    }

    public ServiceRecord withDesiredCount(int count) {
        return new ServiceRecord(name, targetGroup, count, image);
    }

    public ServiceRecord withImage(String newImage) {
        return new ServiceRecord(name, targetGroup, desiredCount, newImage);
    }
}
