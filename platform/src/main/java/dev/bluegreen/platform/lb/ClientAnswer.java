package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How a target's answer is written to its client: the target's head as bytes with the load balancer's own lines
 * after it (the sticky side's cookie, the framing, the connection's fate), and the body framed as the target framed
 * it, passed on as it is, unless the client needs another framing: an HTTP/1.0 client gets no chunks, and an HTTP/1.1
 * client gets a body that ends with the target's connection chunked, so that its own connection lives on.
 */
final class ClientAnswer {

    /** How the body's pieces are read from the target and written to the client. */
    enum Body {
        /** None: HEAD, 204, 304, or a length of 0. */
        NONE,
        /** Its length is known: its bytes as they come. */
        LENGTH,
        /** Chunked both ways: the chunks as they come, framing and trailers included. */
        CHUNKED,
        /** Chunked from the target, plain to an HTTP/1.0 client, whose connection then closes. */
        CHUNKED_TO_PLAIN,
        /** Until the target closes, and so to the client: an HTTP/1.0 client. */
        UNTIL_CLOSE,
        /** Until the target closes, chunked to an HTTP/1.1 client. */
        UNTIL_CLOSE_TO_CHUNKED
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CHUNKED_LINE = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE_LINE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE_LINE = ascii("Connection: keep-alive\r\n");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");
    private static final byte[] LAST_CHUNK_AFTER_DATA = ascii("\r\n0\r\n\r\n");

    private final ResponseHead head;
    private final Body body;
    private final boolean closes;

    private ClientAnswer(ResponseHead head, Body body, boolean closes) {
        this.head = head;
        this.body = body;
        this.closes = closes;
    }

    /**
     * @param clientKeepsAlive whether the client's connection would carry another request after this one
     */
    static ClientAnswer of(ResponseHead head, ClientRequest request, boolean clientKeepsAlive) {
        Body body;
        if (request.head() || head.status() == 204 || head.status() == 304 || head.contentLength() == 0) {
            body = Body.NONE;
        } else if (head.chunked()) {
            body = request.http11() ? Body.CHUNKED : Body.CHUNKED_TO_PLAIN;
        } else if (head.untilClose()) {
            body = request.http11() ? Body.UNTIL_CLOSE_TO_CHUNKED : Body.UNTIL_CLOSE;
        } else {
            body = Body.LENGTH;
        }
        boolean closes = !clientKeepsAlive || body == Body.CHUNKED_TO_PLAIN || body == Body.UNTIL_CLOSE;
        return new ClientAnswer(head, body, closes);
    }

    Body body() {
        return body;
    }

    /** The target's connection may carry another request once this answer has been read to its end. */
    boolean targetKeepsAlive() {
        return head.keepAlive() && !head.untilClose();
    }

    /** The client's connection closes after this answer. */
    boolean closes() {
        return closes;
    }

    /**
     * What to write for one piece of the body (empty for none; {@code last} for the body's end), the head before
     * it when {@code withHead}: the client gets head and first piece in one write.
     */
    ByteBuffer[] write(ByteBuffer piece, boolean last, boolean withHead, String setCookie, boolean http11) {
        boolean chunk = body == Body.UNTIL_CLOSE_TO_CHUNKED && piece.hasRemaining();
        int count = (withHead ? 2 + (setCookie != null ? 1 : 0) + (chunkedLine() ? 1 : 0)
                + (closes || !http11 ? 1 : 0) : 0) + (chunk ? 3 : 1);
        ByteBuffer[] out = new ByteBuffer[count];
        int i = 0;
        if (withHead) {
            out[i++] = ByteBuffer.wrap(head.lines());
            if (setCookie != null) {
                // after the target's own: a target's Set-Cookie of the same name must not replace it
                out[i++] = ByteBuffer.wrap(ascii("Set-Cookie: " + setCookie + "\r\n"));
            }
            if (chunkedLine()) {
                out[i++] = ByteBuffer.wrap(CHUNKED_LINE);
            }
            if (closes) {
                out[i++] = ByteBuffer.wrap(CLOSE_LINE);
            } else if (!http11) {
                out[i++] = ByteBuffer.wrap(KEEP_ALIVE_LINE);
            }
            out[i++] = ByteBuffer.wrap(CRLF);
        }
        if (chunk) {
            out[i++] = ByteBuffer.wrap(ascii(Integer.toHexString(piece.remaining()) + "\r\n"));
            out[i++] = piece;
            out[i] = ByteBuffer.wrap(last ? LAST_CHUNK_AFTER_DATA : CRLF);
        } else if (body == Body.UNTIL_CLOSE_TO_CHUNKED && last) {
            out[i] = ByteBuffer.wrap(LAST_CHUNK);
        } else {
            out[i] = piece;
        }
        return out;
    }

    private boolean chunkedLine() {
        return body == Body.CHUNKED || body == Body.UNTIL_CLOSE_TO_CHUNKED;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
