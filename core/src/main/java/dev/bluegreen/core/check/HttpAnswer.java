package dev.bluegreen.core.check;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the test side answered to an {@link HttpCheck}'s request, as the runtime read it.
 *
 * @param body the body as text (as much of it as the runtime read)
 * @param json when the body is JSON, the value at each JSON Pointer the check names, as text (a pointer with nothing
 *             there is absent); empty when the body is not JSON
 */
public record HttpAnswer(int status, String body, Optional<Map<String, String>> json) {

    public HttpAnswer {
        Objects.requireNonNull(body, "body");
        json = json.map(Map::copyOf);
    }
}
