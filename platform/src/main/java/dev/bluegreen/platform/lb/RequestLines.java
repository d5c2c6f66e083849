package dev.bluegreen.platform.lb;

import dev.bluegreen.platform.lb.RequestParser.BadRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;

/**
 * One request head's lines, read once and checked as they go, the head the target receives written in the same
 * pass (see {@link RequestParser}).
 */
final class RequestLines {

    private final byte[] head;
    private final int headLength;
    private final ByteBuffer names;
    private final RequestParser.ConnectionPart connection;
    private byte[] out;
    private int size;
    private int lineEnd = -1;
    private int next;
    private long length = -1;
    private boolean chunked;
    private int hosts;
    private int hostFrom;
    private int hostTo;
    private int forFrom = -1;
    private int forTo;
    private boolean close;
    private boolean keepAlive;
    private boolean expectsContinue;
    private String side;

    /** @param headLength how many of the bytes are the head (with the empty line that ends it) */
    RequestLines(byte[] head, int headLength, RequestParser.ConnectionPart connection) {
        this.head = head;
        this.headLength = headLength;
        this.names = ByteBuffer.wrap(head);
        this.connection = connection;
        // room for the head itself, the host again, the forwarded headers and the framing
        this.out = new byte[2 * headLength + connection.remote().length + connection.fixed().length + 128];
    }

    ClientRequest request() throws BadRequest {
        boolean http11 = requestLine();
        while (nextLine()) {
            header(next, lineEnd);
        }
        if (http11 ? hosts != 1 : hosts > 1) {
            throw bad(hosts == 0 ? "an HTTP/1.1 request must have a Host header" : "more than one Host header");
        }
        if (chunked && length >= 0) {
            throw bad("a request may not have both Content-Length and Transfer-Encoding");
        }
        if (chunked && !http11) {
            throw bad("Transfer-Encoding is not HTTP/1.0");
        }
        forwardedHeaders();
        long framing = chunked ? ClientRequest.CHUNKED : Math.max(0, length);
        if (framing > 0) {
            append("Content-Length: " + framing + "\r\n");
        } else if (chunked) {
            append("Transfer-Encoding: chunked\r\n");
        }
        append("\r\n");
        boolean get = RequestParser.matches(head, 0, "GET ");
        boolean isHead = RequestParser.matches(head, 0, "HEAD ");
        return new ClientRequest(out, size, framing, get || isHead, isHead, http11,
                http11 ? !close : keepAlive && !close, expectsContinue && http11, side);
    }

    /** The request line, copied with HTTP/1.1 as its version; true for an HTTP/1.1 client. */
    private boolean requestLine() throws BadRequest {
        nextLine();
        int lineStart = next;
        int methodEnd = lineStart;
        while (methodEnd < lineEnd && RequestParser.token(head[methodEnd])) {
            methodEnd++;
        }
        if (methodEnd == lineStart || methodEnd >= lineEnd || head[methodEnd] != ' ') {
            throw bad("bad request line: expected METHOD SP TARGET SP HTTP/1.1");
        }
        int targetEnd = methodEnd + 1;
        while (targetEnd < lineEnd && head[targetEnd] > ' ' && head[targetEnd] < 0x7f) {
            targetEnd++;
        }
        if (targetEnd == methodEnd + 1 || targetEnd >= lineEnd || head[targetEnd] != ' ') {
            throw bad("bad request line: the target must be one word of visible characters");
        }
        int version = targetEnd + 1;
        if (lineEnd - version != 8 || !RequestParser.matches(head, version, "HTTP/") || head[version + 6] != '.') {
            throw bad("bad request line: expected METHOD SP TARGET SP HTTP/1.1");
        }
        byte minor = head[version + 7];
        if (head[version + 5] != '1' || minor != '0' && minor != '1') {
            throw new BadRequest(505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are served");
        }
        copy(lineStart, targetEnd);
        append(" HTTP/1.1\r\n");
        return minor == '1';
    }

    private void header(int from, int to) throws BadRequest {
        if (head[from] == ' ' || head[from] == '\t') {
            throw bad("folded header lines are not accepted");
        }
        int colon = from;
        while (colon < to && RequestParser.token(head[colon])) {
            colon++;
        }
        if (colon == from || colon == to || head[colon] != ':') {
            throw bad("bad header line: a name, then ':' with no space before it");
        }
        int valueFrom = colon + 1;
        int valueTo = to;
        for (int i = valueFrom; i < valueTo; i++) {
            byte b = head[i];
            if (b >= 0 && b < ' ' && b != '\t' || b == 0x7f) {
                throw bad("bad header value: control characters are not allowed");
            }
        }
        while (valueFrom < valueTo && (head[valueFrom] == ' ' || head[valueFrom] == '\t')) {
            valueFrom++;
        }
        while (valueTo > valueFrom && (head[valueTo - 1] == ' ' || head[valueTo - 1] == '\t')) {
            valueTo--;
        }
        // the common names come from Jetty's table: found without a String
        HttpHeader known = HttpHeader.CACHE.get(names, from, colon - from);
        if (known != null && !known(known, valueFrom, valueTo)) {
            return;
        }
        copy(from, to);
        append("\r\n");
    }

    /** Reads what the load balancer needs of a known header; false when the line is not passed on as it is. */
    private boolean known(HttpHeader header, int from, int to) throws BadRequest {
        switch (header) {
            case CONTENT_LENGTH -> {
                long value = contentLength(from, to);
                if (length >= 0 && length != value) {
                    throw bad("conflicting Content-Length headers");
                }
                length = value;
                return false;
            }
            case TRANSFER_ENCODING -> {
                if (!text(from, to).equalsIgnoreCase("chunked")) {
                    throw new BadRequest(501, "not_implemented", "only the chunked transfer coding is accepted");
                }
                chunked = true;
                return false;
            }
            case CONNECTION -> {
                String value = text(from, to).toLowerCase(Locale.ROOT);
                close |= value.contains("close");
                keepAlive |= value.contains("keep-alive");
                return false;
            }
            case EXPECT -> {
                if (!text(from, to).equalsIgnoreCase("100-continue")) {
                    throw new BadRequest(417, "expectation_failed", "only 'Expect: 100-continue' is understood");
                }
                // the load balancer answers it itself, once the target has the request's head
                expectsContinue = true;
                return false;
            }
            case HOST -> {
                hosts++;
                hostFrom = from;
                hostTo = to;
                return true;
            }
            case X_FORWARDED_FOR -> {
                if (forFrom >= 0) {
                    // several lines are one list: the earlier ones pass as they are, ours joins the last
                    append("X-Forwarded-For: ");
                    copy(forFrom, forTo);
                    append("\r\n");
                }
                forFrom = from;
                forTo = to;
                return false;
            }
            case COOKIE -> {
                if (side == null) {
                    side = ListenerRoute.stickySide(text(from, to));
                }
                return true;
            }
            case X_FORWARDED_PROTO, X_FORWARDED_PORT, X_FORWARDED_HOST -> {
                return false;
            }
            default -> {
                return !ResponseHead.hopByHop(header);
            }
        }
    }

    private void forwardedHeaders() {
        append("X-Forwarded-For: ");
        if (forFrom >= 0 && forTo > forFrom) {
            copy(forFrom, forTo);
            append(", ");
        }
        append(connection.remote());
        append("\r\n");
        append(connection.fixed());
        if (hosts == 1) {
            append("X-Forwarded-Host: ");
            copy(hostFrom, hostTo);
            append("\r\n");
        } else {
            // an HTTP/1.0 client's request goes on as HTTP/1.1, which requires a Host
            append("Host: ");
            append(connection.local());
            append("\r\nX-Forwarded-Host: ");
            append(connection.local());
            append("\r\n");
        }
    }

    private long contentLength(int from, int to) throws BadRequest {
        if (from == to || to - from > 18) {
            throw bad("bad Content-Length: a number of bytes is expected");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (head[i] < '0' || head[i] > '9') {
                throw bad("bad Content-Length: a number of bytes is expected");
            }
            value = value * 10 + head[i] - '0';
        }
        return value;
    }

    /** Moves to the next line; false at the end of the head. */
    private boolean nextLine() {
        int from = lineEnd + 1;
        while (from < headLength && head[from] == '\n') {
            from++;
        }
        if (from >= headLength) {
            return false;
        }
        int i = from;
        while (i < headLength && head[i] != '\n') {
            i++;
        }
        next = from;
        lineEnd = i > from && head[i - 1] == '\r' ? i - 1 : i;
        if (lineEnd == from) {
            return false;
        }
        return true;
    }


    private void copy(int from, int to) {
        room(to - from);
        System.arraycopy(head, from, out, size, to - from);
        size += to - from;
    }

    private void append(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, out, size, bytes.length);
        size += bytes.length;
    }

    private void append(String ascii) {
        room(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            out[size++] = (byte) ascii.charAt(i);
        }
    }

    private void room(int bytes) {
        if (size + bytes > out.length) {
            out = Arrays.copyOf(out, Math.max(2 * out.length, size + bytes));
        }
    }

    private String text(int from, int to) {
        return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static BadRequest bad(String message) {
        return new BadRequest(400, "bad_request", message);
    }
}
