package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;

/**
 * A chunked body as it arrives from a target (RFC 9112 7.1): yields the data, without the chunks' framing, in the
 * pieces the reads give; trailers are read and dropped, as the client gets the body chunked again by its own
 * connection.
 */
final class ChunkedBody {

    private enum State { SIZE, DATA, DATA_END, TRAILER, DONE }

    private static final int MAX_LINE = 4096;

    private State state = State.SIZE;
    private long left;

    boolean done() {
        return state == State.DONE;
    }

    /**
     * The next piece of data in the buffer (a slice of it; the buffer's position moves past it), or null when the
     * buffer holds no more data for now (all of it consumed, or a line not complete yet: its bytes stay unread).
     */
    ByteBuffer next(ByteBuffer in) throws ResponseHead.BadResponseException {
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case SIZE -> {
                    String line = line(in);
                    if (line == null) {
                        return null;
                    }
                    int semicolon = line.indexOf(';');
                    String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
                    try {
                        left = Long.parseLong(hex, 16);
                    } catch (NumberFormatException e) {
                        throw new ResponseHead.BadResponseException("bad chunk size: " + line);
                    }
                    if (left < 0) {
                        throw new ResponseHead.BadResponseException("bad chunk size: " + line);
                    }
                    state = left == 0 ? State.TRAILER : State.DATA;
                }
                case DATA -> {
                    int n = (int) Math.min(left, in.remaining());
                    ByteBuffer data = in.slice(in.position(), n);
                    in.position(in.position() + n);
                    left -= n;
                    if (left == 0) {
                        state = State.DATA_END;
                    }
                    return data;
                }
                case DATA_END -> {
                    String line = line(in);
                    if (line == null) {
                        return null;
                    }
                    if (!line.isEmpty()) {
                        throw new ResponseHead.BadResponseException("chunk not followed by CRLF");
                    }
                    state = State.SIZE;
                }
                case TRAILER -> {
                    String line = line(in);
                    if (line == null) {
                        return null;
                    }
                    if (line.isEmpty()) {
                        state = State.DONE;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return null;
    }

    /** A line up to CRLF (consumed with it), or null with nothing consumed while it is not complete. */
    private static String line(ByteBuffer in) throws ResponseHead.BadResponseException {
        int start = in.position();
        for (int i = start; i + 1 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                byte[] bytes = new byte[i - start];
                in.get(bytes);
                in.position(i + 2);
                return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        if (in.limit() - start > MAX_LINE) {
            throw new ResponseHead.BadResponseException("chunk line longer than " + MAX_LINE + " bytes");
        }
        return null;
    }
}
