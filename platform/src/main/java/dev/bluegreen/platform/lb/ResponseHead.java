package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A target's status line and headers, read straight from the bytes it sent: what the load balancer needs to pass
 * them on (the status, and the head for the client as bytes: the status line as HTTP/1.1, the end-to-end headers
 * as the target wrote them) and to find where the body ends (its length, chunked, or the connection's end), and
 * whether the connection may carry another request.
 *
 * @param lines the status line and the end-to-end headers, each ending with CRLF, without the empty line that ends
 *              the head: the connection's headers, and a framing other than the length, are the load balancer's
 *              to add
 * @param contentLength the body's length, or -1 when it is chunked or ends with the connection
 */
record ResponseHead(int status, byte[] lines, long contentLength, boolean chunked, boolean keepAlive) {

    private static final byte[] HTTP11 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);

    /** More than any answer of ours sends; a target that sends more is broken. */
    static final int MAX_BYTES = 16 * 1024;

    /** The body ends with the connection: neither a length nor chunked. */
    boolean untilClose() {
        return contentLength < 0 && !chunked;
    }

    /**
     * The head at the buffer's position when it is complete (the position then moves past it), or null while more
     * bytes are needed. A malformed head, or one beyond {@link #MAX_BYTES}, is the target's failure.
     */
    static ResponseHead parse(ByteBuffer in) throws BadResponseException {
        HeadWindow head = HeadWindow.of(in, MAX_BYTES + 4, ResponseHead::endOfHead);
        if (head.end() < 0) {
            if (in.remaining() > MAX_BYTES) {
                throw new BadResponseException("response head longer than " + MAX_BYTES + " bytes");
            }
            return null;
        }
        in.position(in.position() + head.end() + 4);
        return parse(head.bytes(), head.end());
    }

    private static int endOfHead(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The head in its first {@code length} bytes (without the empty line that ends it). */
    private static ResponseHead parse(byte[] head, int length) throws BadResponseException {
        int lineEnd = lineEnd(head, 0, length);
        if (lineEnd < 12 || !startsWith(head, "HTTP/1.") || head[8] != ' ' || !digit(head[9]) || !digit(head[10])
                || !digit(head[11]) || lineEnd > 12 && head[12] != ' ') {
            throw new BadResponseException("bad status line: " + text(head, 0, lineEnd));
        }
        boolean http11 = head[7] == '1';
        int status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        // the status line as HTTP/1.1 (the client's connection is), the target's status and reason after it
        byte[] lines = new byte[length + 4];
        System.arraycopy(HTTP11, 0, lines, 0, HTTP11.length);
        int size = HTTP11.length;
        System.arraycopy(head, 9, lines, size, lineEnd - 9);
        size += lineEnd - 9;
        if (lineEnd == 12) {
            lines[size++] = ' ';
        }
        lines[size++] = '\r';
        lines[size++] = '\n';
        ByteBuffer names = ByteBuffer.wrap(head);
        long bodyLength = -1;
        boolean chunked = false;
        boolean keepAlive = http11;
        for (int at = lineEnd + 2; at < length; at = lineEnd + 2) {
            lineEnd = lineEnd(head, at, length);
            int colon = indexOf(head, (byte) ':', at, lineEnd);
            if (colon <= at) {
                throw new BadResponseException("bad header line: " + text(head, at, lineEnd));
            }
            int from = colon + 1;
            int to = lineEnd;
            while (from < to && (head[from] == ' ' || head[from] == '\t')) {
                from++;
            }
            while (to > from && (head[to - 1] == ' ' || head[to - 1] == '\t')) {
                to--;
            }
            // the common names come from Jetty's table: found without a String
            HttpHeader known = HttpHeader.CACHE.get(names, at, colon - at);
            if (known == HttpHeader.CONTENT_LENGTH) {
                // kept as the target wrote it: the client's framing is the same length
                long value = contentLength(head, from, to);
                if (bodyLength >= 0 && bodyLength != value) {
                    throw new BadResponseException("conflicting Content-Length headers");
                }
                bodyLength = value;
            } else if (known == HttpHeader.TRANSFER_ENCODING) {
                chunked = text(head, from, to).toLowerCase(Locale.ROOT).endsWith("chunked");
                continue;
            } else if (known == HttpHeader.CONNECTION) {
                String value = text(head, from, to).toLowerCase(Locale.ROOT);
                keepAlive = !value.contains("close") && (value.contains("keep-alive") || keepAlive);
                continue;
            } else if (known != null && hopByHop(known)) {
                continue;
            }
            System.arraycopy(head, at, lines, size, lineEnd - at);
            size += lineEnd - at;
            lines[size++] = '\r';
            lines[size++] = '\n';
        }
        if (chunked && bodyLength >= 0) {
            // which one frames the body is what a request smuggler plays on: neither is trusted
            throw new BadResponseException("both Content-Length and Transfer-Encoding: chunked");
        }
        return new ResponseHead(status, Arrays.copyOf(lines, size), bodyLength, chunked, keepAlive);
    }

    private static long contentLength(byte[] head, int from, int to) throws BadResponseException {
        if (from == to || to - from > 18) {
            throw new BadResponseException("bad Content-Length: " + text(head, from, to));
        }
        long length = 0;
        for (int i = from; i < to; i++) {
            if (!digit(head[i])) {
                throw new BadResponseException("bad Content-Length: " + text(head, from, to));
            }
            length = length * 10 + head[i] - '0';
        }
        return length;
    }

    /** Where the line from there ends (its CR), or the end of the head for its last line. */
    private static int lineEnd(byte[] head, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n') {
                return i;
            }
        }
        return length;
    }

    private static int indexOf(byte[] head, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (head[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] head, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (head[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String text(byte[] head, int from, int to) {
        return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Headers for one connection only (RFC 9110 7.6.1): never passed on, to a target or to a client. */
    static boolean hopByHop(HttpHeader header) {
        return switch (header) {
            case KEEP_ALIVE, PROXY_CONNECTION, TE, TRAILER, UPGRADE, CONNECTION, TRANSFER_ENCODING -> true;
            default -> false;
        };
    }

    /** What a target sent is not HTTP/1.1 the load balancer can pass on. */
    static final class BadResponseException extends java.io.IOException {
        BadResponseException(String message) {
            super(message);
        }
    }
}
