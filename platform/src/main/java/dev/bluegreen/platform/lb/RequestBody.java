package dev.bluegreen.platform.lb;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a request's body ends in what its client sends: after its length, or after its last chunk. The body passes
 * to the target as the client framed it, so its bytes are only counted, or read through to find the chunks' end.
 */
final class RequestBody {

    /** Who waits for the body's next bytes. */
    interface Reader {
        void onBody();

        void onBodyFailed(Throwable failure);
    }

    /** A request without a body. */
    static final RequestBody NONE = new RequestBody(0, null);

    private long left;
    private final ChunkedBody chunks;

    private RequestBody(long length, ChunkedBody chunks) {
        this.left = length;
        this.chunks = chunks;
    }

    static RequestBody of(ClientRequest request) {
        if (request.framing() == 0) {
            return NONE;
        }
        return request.framing() == ClientRequest.CHUNKED ? new RequestBody(0, new ChunkedBody())
                : new RequestBody(request.framing(), null);
    }

    /** Every byte of the body has been taken (or there is none). */
    boolean done() {
        return chunks == null ? left == 0 : chunks.done();
    }

    /**
     * The body's bytes at the buffer's position, as a slice of it (the position moves past them), or null when none
     * is complete there yet. Bytes after the body's end are left: the next request's.
     */
    ByteBuffer take(ByteBuffer in) throws IOException {
        int from = in.position();
        if (chunks == null) {
            int n = (int) Math.min(left, in.remaining());
            in.position(from + n);
            left -= n;
        } else {
            while (chunks.next(in) != null) {
                // read through: the chunks' framing passes with them
            }
        }
        return in.position() > from ? in.slice(from, in.position() - from) : null;
    }
}
