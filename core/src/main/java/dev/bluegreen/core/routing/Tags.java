package dev.bluegreen.core.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tags of a target group, as the seed sets them on its ALB target groups: {@code Identifier} (Code1 or Code2:
 * which CloudFormation parameter deploys to it), {@code IsProduction} (true or false) and {@code Image} (the
 * version it runs).
 */
public record Tags(Map<String, String> values) {

    public static final String IDENTIFIER = "Identifier";
    public static final String IS_PRODUCTION = "IsProduction";
    public static final String IMAGE = "Image";

    public Tags {
        values = Map.copyOf(values);
    }

    public static Tags of(String identifier, boolean production, String image) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(IDENTIFIER, identifier);
        values.put(IS_PRODUCTION, Boolean.toString(production));
        if (image != null) {
            values.put(IMAGE, image);
        }
        return new Tags(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Optional<String> identifier() {
        return get(IDENTIFIER);
    }

    public Optional<String> image() {
        return get(IMAGE);
    }

    public boolean isProduction() {
        return "true".equalsIgnoreCase(values.get(IS_PRODUCTION));
    }

    public Tags with(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(key, value);
        return new Tags(changed);
    }
}
