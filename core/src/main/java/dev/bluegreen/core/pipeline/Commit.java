package dev.bluegreen.core.pipeline;

import java.time.Instant;
import java.util.Objects;

/** The source of an execution: a commit of the front end's repository. */
public record Commit(String id, String author, String message, Instant time) {

    public Commit {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[0-9a-f]{7,64}")) {
            throw new IllegalArgumentException("a commit id is 7 to 64 hex digits, got '" + id + "'");
        }
        author = author == null ? "" : author;
        message = message == null ? "" : message;
        Objects.requireNonNull(time, "time");
    }

    public String shortId() {
        return id.substring(0, 7);
    }

    /** The first line of the message: what a list shows. */
    public String subject() {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
