package dev.bluegreen.aws.flip;

import dev.bluegreen.core.routing.LastFlip;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last flip, kept as tags on the load balancer itself: AWS has no platform database, and the tags live and die
 * with the resource they describe. Rollback needs it; so does a retried flip request, which must not flip back.
 */
final class FlipMemory {

    static final String PREFIX = "bluegreen:last-flip:";
    static final String PROMOTED = PREFIX + "promoted";
    static final String PROMOTED_IMAGE = PREFIX + "promoted-image";
    static final String DEMOTED = PREFIX + "demoted";
    static final String DEMOTED_IMAGE = PREFIX + "demoted-image";
    static final String REQUEST = PREFIX + "request";

    private FlipMemory() {
    }

    static Map<String, String> tags(LastFlip flip) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PROMOTED, flip.promoted());
        tags.put(PROMOTED_IMAGE, nullToEmpty(flip.promotedImage()));
        tags.put(DEMOTED, flip.demoted());
        tags.put(DEMOTED_IMAGE, nullToEmpty(flip.demotedImage()));
        tags.put(REQUEST, nullToEmpty(flip.requestId()));
        return tags;
    }

    static Optional<LastFlip> read(Map<String, String> tags) {
        String promoted = tags.get(PROMOTED);
        String demoted = tags.get(DEMOTED);
        if (promoted == null || demoted == null) {
            return Optional.empty();
        }
        return Optional.of(new LastFlip(promoted, emptyToNull(tags.get(PROMOTED_IMAGE)), demoted,
                emptyToNull(tags.get(DEMOTED_IMAGE)), emptyToNull(tags.get(REQUEST))));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
