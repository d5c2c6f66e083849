package dev.bluegreen.core.check;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GET of {@code path} on the test listener, and what its answer must be: the status, a text the body contains, and
 * values in its JSON (each at a JSON Pointer, such as {@code /label}, compared as text).
 *
 * @param contains text the body must contain, or null
 * @param json     JSON Pointer to the text the value there must be, in the order given; empty for none
 */
public record HttpCheck(String name, String path, int status, String contains, Map<String, String> json,
                        Duration timeout) implements Check {

    public static final int DEFAULT_STATUS = 200;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public HttpCheck {
        Check.requireCommon(name, timeout);
        if (path == null || !path.startsWith("/") || path.startsWith("//") || !path.chars().allMatch(c -> c > ' '
                && c < 127)) {
            throw new IllegalArgumentException("check '" + name + "': path must start with / (one) and hold no spaces "
                    + "or control characters, such as /year?year=2013, got " + (path == null ? "none" : "'" + path
                    + "'"));
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("check '" + name + "': status must be an HTTP status from 100 to 599, "
                    + "got " + status);
        }
        if (contains != null && contains.isEmpty()) {
            throw new IllegalArgumentException("check '" + name + "': contains must not be empty");
        }
        json = json == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(json));
        json.forEach((pointer, value) -> {
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("check '" + name + "': json keys are JSON Pointers starting with /, "
                        + "such as /label, got '" + pointer + "'");
            }
            Objects.requireNonNull(value, "value");
        });
        Check.requireKnownVariables(name, "path", path);
        try {
            URI.create(Placeholders.standIns(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("check '" + name + "': path is not a URL's path and query: "
                    + e.getMessage());
        }
        Check.requireKnownVariables(name, "contains", contains);
        json.forEach((pointer, value) -> Check.requireKnownVariables(name, "json " + pointer, value));
    }

    @Override
    public HttpCheck resolve(Map<String, String> values) {
        Map<String, String> filled = new LinkedHashMap<>();
        json.forEach((pointer, value) -> filled.put(pointer, Placeholders.fill(value, values)));
        return new HttpCheck(name, Placeholders.fill(path, values), status, Placeholders.fill(contains, values),
                filled, timeout);
    }

    /** Why the answer fails this check (the first thing wrong with it), or empty when it passes. */
    public Optional<String> failure(HttpAnswer answer) {
        if (answer.status() != status) {
            return Optional.of("answered " + answer.status() + ", expected " + status);
        }
        if (contains != null && !answer.body().contains(contains)) {
            return Optional.of("its body does not contain \"" + contains + "\"");
        }
        for (Map.Entry<String, String> expected : json.entrySet()) {
            if (answer.json().isEmpty()) {
                return Optional.of("its body is not JSON");
            }
            String found = answer.json().get().get(expected.getKey());
            if (found == null) {
                return Optional.of("its JSON has nothing at " + expected.getKey());
            }
            if (!found.equals(expected.getValue())) {
                return Optional.of("its JSON has \"" + found + "\" at " + expected.getKey() + ", expected \""
                        + expected.getValue() + "\"");
            }
        }
        return Optional.empty();
    }
}
