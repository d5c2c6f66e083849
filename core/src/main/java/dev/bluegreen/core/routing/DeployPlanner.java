package dev.bluegreen.core.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a new build goes: the seed's {@code deployer.py} and its {@code cf_inputs.json}. The new build goes to the
 * side that is not in production, production stays pinned to what it runs; on a first deployment (nothing
 * is tagged with an image yet) both sides get the new build.
 */
public final class DeployPlanner {

    /**
     * The image each Identifier (Code1, Code2) must run — exactly the seed's {@code cf_inputs.json} — and the
     * target group that receives the new build.
     */
    public record DeployPlan(Map<String, String> imagesByIdentifier, String newBuildGroup, boolean firstDeployment) {
        public DeployPlan {
            imagesByIdentifier = Map.copyOf(imagesByIdentifier);
        }
    }

    /** A routing that cannot be deployed to, with the reason (the seed wrote a {@code null} key instead). */
    public static final class NotDeployable extends RuntimeException {
        private final Reason reason;

        NotDeployable(Reason reason, Object... args) {
            super(reason.message(args));
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private DeployPlanner() {
    }

    public static DeployPlan plan(Routing current, BlueGreenPair pair, String newImage) {
        if (newImage == null || newImage.isBlank()) {
            throw new IllegalArgumentException("the new build needs an image tag");
        }
        String prod = current.forwardsTo(pair.production())
                .orElseThrow(() -> new NotDeployable(Reason.LISTENER_UNROUTED, pair.production()));
        String test = current.forwardsTo(pair.test())
                .orElseThrow(() -> new NotDeployable(Reason.LISTENER_UNROUTED, pair.test()));
        String prodId = identifier(current, prod);
        String testId = identifier(current, test);
        if (prodId.equals(testId)) {
            throw new NotDeployable(Reason.DUPLICATE_IDENTIFIER, prod, test, prodId);
        }
        Optional<String> live = current.tags(prod).image();
        Map<String, String> images = new LinkedHashMap<>();
        images.put(testId, newImage);
        images.put(prodId, live.orElse(newImage));
        return new DeployPlan(images, test, live.isEmpty());
    }

    private static String identifier(Routing routing, String group) {
        return routing.tags(group).identifier()
                .orElseThrow(() -> new NotDeployable(Reason.MISSING_TAG, group, Tags.IDENTIFIER));
    }
}
