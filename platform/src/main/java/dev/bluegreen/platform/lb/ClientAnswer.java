package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.util.BufferUtil;

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
    private final ChunkedBody chunks;
    private long left;
    private boolean ended;
    private int pieceAt;

    private ClientAnswer(ResponseHead head, Body body, boolean closes) {
        this.head = head;
        this.body = body;
        this.closes = closes;
        this.chunks = body == Body.CHUNKED || body == Body.CHUNKED_TO_PLAIN ? new ChunkedBody() : null;
        this.left = body == Body.LENGTH ? head.contentLength() : 0;
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
     * The body's next piece in the bytes read from the target (a slice of their buffer, which moves past it), or
     * null when more must be read first.
     */
    ByteBuffer next(ByteBuffer in, boolean targetEnded) throws ResponseHead.BadResponseException {
        pieceAt = in.position();
        ByteBuffer piece;
        switch (body) {
            case NONE -> {
                ended = true;
                return BufferUtil.EMPTY_BUFFER;
            }
            case CHUNKED -> {
                // the chunks pass as they are: read through only to find where they end
                while (chunks.next(in) != null) {
                    // consumed
                }
                ended = chunks.done();
                piece = in.slice(pieceAt, in.position() - pieceAt);
            }
            case CHUNKED_TO_PLAIN -> {
                piece = chunks.next(in);
                ended = chunks.done();
                pieceAt = -1;
                return piece != null || !ended ? piece : BufferUtil.EMPTY_BUFFER;
            }
            case UNTIL_CLOSE, UNTIL_CLOSE_TO_CHUNKED -> {
                ended = targetEnded && !in.hasRemaining();
                piece = in.slice();
                in.position(in.limit());
            }
            default -> {
                int n = (int) Math.min(left, in.remaining());
                piece = in.slice(pieceAt, n);
                in.position(pieceAt + n);
                left -= n;
                ended = left == 0;
            }
        }
        return piece.hasRemaining() || ended ? piece : null;
    }

    /** The piece {@link #next} gave last is the body's end. */
    boolean ended() {
        return ended;
    }

    /** Where the piece {@link #next} gave last starts in the target's buffer; -1 when it is not a slice of it. */
    int pieceAt() {
        return pieceAt;
    }

    /**
     * The head and the body's first piece. Where the target's own head was, just before the piece in the buffer
     * they were read into, there is room for ours: written there, head and piece go as one buffer, as read.
     */
    ByteBuffer[] withHead(ByteBuffer in, ByteBuffer piece, boolean last, int at, String setCookie, boolean http11) {
        byte[] bytes = head(setCookie, http11);
        if (at >= bytes.length && passesAsIs()) {
            in.put(at - bytes.length, bytes);
            return new ByteBuffer[] {in.slice(at - bytes.length, bytes.length + piece.remaining())};
        }
        ByteBuffer[] body = body(piece, last);
        ByteBuffer[] out = new ByteBuffer[body.length + 1];
        out[0] = ByteBuffer.wrap(bytes);
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** The head as the client gets it: the target's lines, the load balancer's own, the empty line. */
    private byte[] head(String setCookie, boolean http11) {
        byte[] cookie = setCookie == null ? null : ascii("Set-Cookie: " + setCookie + "\r\n");
        byte[] connection = closes ? CLOSE_LINE : http11 ? null : KEEP_ALIVE_LINE;
        byte[] lines = head.lines();
        int size = lines.length + (cookie == null ? 0 : cookie.length) + (chunkedLine() ? CHUNKED_LINE.length : 0)
                + (connection == null ? 0 : connection.length) + CRLF.length;
        byte[] out = Arrays.copyOf(lines, size);
        int at = lines.length;
        // after the target's own: a target's Set-Cookie of the same name must not replace it
        at = put(cookie, out, at);
        at = put(chunkedLine() ? CHUNKED_LINE : null, out, at);
        at = put(connection, out, at);
        put(CRLF, out, at);
        return out;
    }

    private static int put(byte[] bytes, byte[] out, int at) {
        if (bytes == null) {
            return at;
        }
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** Whether the body's pieces pass as they are (else each is framed as a chunk). */
    boolean passesAsIs() {
        return body != Body.UNTIL_CLOSE_TO_CHUNKED;
    }

    /** What to write for one piece of the body (empty for none; {@code last} for the body's end). */
    ByteBuffer[] body(ByteBuffer piece, boolean last) {
        if (passesAsIs()) {
            return new ByteBuffer[] {piece};
        }
        if (!piece.hasRemaining()) {
            return new ByteBuffer[] {ByteBuffer.wrap(last ? LAST_CHUNK : CRLF, 0, last ? LAST_CHUNK.length : 0)};
        }
        return new ByteBuffer[] {ByteBuffer.wrap(ascii(Integer.toHexString(piece.remaining()) + "\r\n")), piece,
            ByteBuffer.wrap(last ? LAST_CHUNK_AFTER_DATA : CRLF)};
    }

    private boolean chunkedLine() {
        return body == Body.CHUNKED || body == Body.UNTIL_CLOSE_TO_CHUNKED;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
