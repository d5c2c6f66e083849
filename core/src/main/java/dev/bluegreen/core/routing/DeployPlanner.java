package dev.bluegreen.core.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a new build goes: the seed's {@code deployer.py} and its {@code cf_inputs.json}. The new build goes to the
 * side that is not in production, production stays pinned to what it runs; on a first deployment (no load balancer
 * yet, or nothing tagged with an image) both sides get the new build, production on Code1.
 */
public final class DeployPlanner {

    /**
     * The image each Identifier (Code1, Code2) must run — exactly the seed's {@code cf_inputs.json} — which
     * Identifier is in production, and the side that receives the new build ({@code newBuildGroup} is null when
     * there are no target groups yet).
     */
    public record DeployPlan(Map<String, String> imagesByIdentifier, String productionIdentifier,
                             String newBuildIdentifier, String newBuildGroup, boolean firstDeployment) {
        public DeployPlan {
            imagesByIdentifier = Map.copyOf(imagesByIdentifier);
        }

        public String image(String identifier) {
            return imagesByIdentifier.get(identifier);
        }

        /** Where the build goes, in words: {@code Code2} or {@code both sides (first deployment)}. */
        public String newBuildSide() {
            return firstDeployment ? "both sides (first deployment)" : newBuildIdentifier;
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
        requireImage(newImage);
        String prod = current.forwardsTo(pair.production())
                .orElseThrow(() -> new NotDeployable(Reason.LISTENER_UNROUTED, pair.production()));
        String test = current.forwardsTo(pair.test())
                .orElseThrow(() -> new NotDeployable(Reason.LISTENER_UNROUTED, pair.test()));
        Optional<Split> shifting = current.split(pair.production());
        if (shifting.isPresent()) {
            // the test side takes part of production: replacing it would put an unapproved build in production
            throw new NotDeployable(Reason.SHIFTING, shifting.get().group(), shifting.get().percent());
        }
        String prodId = identifier(current, prod);
        String testId = identifier(current, test);
        if (prodId.equals(testId)) {
            throw new NotDeployable(Reason.DUPLICATE_IDENTIFIER, prod, test, prodId);
        }
        if (!List.of(prodId, testId).containsAll(Pairing.IDENTIFIERS)) {
            throw new NotDeployable(Reason.UNKNOWN_IDENTIFIERS, prodId, testId);
        }
        Optional<String> live = current.tags(prod).image();
        Map<String, String> images = new LinkedHashMap<>();
        images.put(Pairing.CODE1, Pairing.CODE1.equals(testId) ? newImage : live.orElse(newImage));
        images.put(Pairing.CODE2, Pairing.CODE2.equals(testId) ? newImage : live.orElse(newImage));
        return new DeployPlan(images, prodId, testId, test, live.isEmpty());
    }

    /** Before there is any load balancer: both sides get the build, and production starts on Code1. */
    public static DeployPlan firstDeployment(String newImage) {
        requireImage(newImage);
        return new DeployPlan(Map.of(Pairing.CODE1, newImage, Pairing.CODE2, newImage), Pairing.CODE1, null, null,
                true);
    }

    /**
     * The routing a first deployment makes, in a runtime that names its own target groups: production on the
     * Code1 group, test on the Code2 group, both tagged with {@code image} — as the seed's first stack.
     */
    public static Routing firstRouting(BlueGreenPair pair, String code1Group, String code2Group, String image) {
        requireImage(image);
        Map<String, String> listeners = new LinkedHashMap<>();
        listeners.put(pair.production(), code1Group);
        listeners.put(pair.test(), code2Group);
        Map<String, Tags> groups = new LinkedHashMap<>();
        groups.put(code1Group, Tags.of(Pairing.CODE1, true, image));
        groups.put(code2Group, Tags.of(Pairing.CODE2, false, image));
        return new Routing(listeners, groups);
    }

    private static void requireImage(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("the new build needs an image tag");
        }
    }

    private static String identifier(Routing routing, String group) {
        return routing.tags(group).identifier()
                .orElseThrow(() -> new NotDeployable(Reason.MISSING_TAG, group, Tags.IDENTIFIER));
    }
}
