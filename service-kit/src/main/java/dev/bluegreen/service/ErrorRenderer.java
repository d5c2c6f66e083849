package dev.bluegreen.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns an error into a response body: JSON for APIs, a page for people. Used for every error a service gives. */
@FunctionalInterface
public interface ErrorRenderer {

    record Body(String contentType, String text) {
    }

    Body render(int status, String error, String message);

    /** {@code {"error": "bad_request", "message": "..."}}. */
    static ErrorRenderer json() {
        ObjectMapper mapper = new ObjectMapper();
        return (status, error, message) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("message", message);
            try {
                return new Body("application/json", mapper.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
