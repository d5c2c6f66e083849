package dev.bluegreen.aws.stack;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One CloudFormation stack event, as the user sees it.
 *
 * @param resource the logical resource, prefixed by the nested stack's logical id when it happened in one
 *                 ({@code Network/Vpc})
 * @param reason   CloudFormation's reason, or empty
 */
public record StackEvent(Instant time, String resource, String type, String status, String reason) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    public StackEvent {
        reason = reason == null ? "" : reason;
    }

    public boolean failed() {
        return status.endsWith("_FAILED");
    }

    /** {@code time resource status reason}, one line, time in UTC. */
    public String line() {
        String line = TIME.format(time) + "  " + resource + "  " + status;
        return reason.isBlank() ? line : line + "  " + reason.replaceAll("\\s+", " ");
    }

    /** What the deployer reports events to, one call per new event, in the order they happened. */
    @FunctionalInterface
    public interface Listener {
        void event(StackEvent event);

        Listener NONE = e -> { };
    }
}
