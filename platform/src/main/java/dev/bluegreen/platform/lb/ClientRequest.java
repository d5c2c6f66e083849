package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A client's request as the load balancer routes it, read from its head by {@link RequestParser}: the head the
 * target receives (already written as bytes), how the body is framed, and what the client's connection does after.
 *
 * @param toTarget   the request line and headers for the target, ending with the empty line
 * @param length     how many bytes of {@code toTarget} are the head
 * @param framing    the body's length, {@link #CHUNKED}, or 0 for none
 * @param safe       GET or HEAD: may run twice, so it may be retried on another target
 * @param head       HEAD: its answer has no body whatever its headers say
 * @param http11     the client speaks HTTP/1.1 (an HTTP/1.0 client gets no chunked body)
 * @param keepAlive  the client keeps its connection for another request after this one
 * @param expectsContinue the client waits for {@code 100 Continue} before it sends its body
 * @param side       the target group the client's sticky cookie names, or null
 */
record ClientRequest(byte[] toTarget, int length, long framing, boolean safe, boolean head, boolean http11,
                     boolean keepAlive, boolean expectsContinue, String side) {

    /** The body is chunked (its length is not known in advance). */
    static final long CHUNKED = -1;

    /** A fresh view of the head for one attempt (a retry sends it again). */
    ByteBuffer headToTarget() {
        return ByteBuffer.wrap(toTarget, 0, length);
    }

    /** The method and path, for logs ({@code GET /movies}): no query, which may carry what is not the log's. */
    String describe() {
        int end = 0;
        int spaces = 0;
        while (end < length && toTarget[end] != '?' && toTarget[end] != '\r'
                && (toTarget[end] != ' ' || ++spaces < 2)) {
            end++;
        }
        return new String(toTarget, 0, end, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        // the head holds the client's cookies and credentials: never in a log
        return "ClientRequest[" + describe() + "]";
    }
}
