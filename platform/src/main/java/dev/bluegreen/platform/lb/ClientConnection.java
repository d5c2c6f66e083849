package dev.bluegreen.platform.lb;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * A client's connection to a listener, HTTP/1.1 read and written by the load balancer itself on the selector that
 * also runs its requests' connections to targets ({@link TargetPool}): a request's head is read as bytes and becomes
 * the target's head in one pass, and the target's answer is written back as it came, so nothing is parsed into
 * objects and framed again. Requests are served one after the other (pipelined ones included). Everything runs
 * under the pool's lock. Jetty still accepts the connection, counts it against the listener's limit, times out its
 * idleness and does its reads and writes.
 */
final class ClientConnection extends AbstractConnection {

    /** Who serves the requests: the proxy. */
    interface Requests {
        void dispatch(ClientConnection client, ClientRequest request);
    }

    /** Who waits for the body's next bytes. */
    interface BodyReader {
        void onBody();

        void onBodyFailed(Throwable failure);
    }

    private enum State {
        /** Waiting for a request's head, or reading it. */
        HEAD,
        /** A request is being served. */
        REQUEST,
        /** Closing: what the client still sends is read and dropped, so that the last answer is not lost to a reset. */
        CLOSING
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    final String listener;
    final TargetPool pool;
    final InetAddress remote;
    private final Requests requests;
    private final RequestParser.ConnectionPart part;
    private final Callback fillable = Callback.from(Callback.InvocationType.NON_BLOCKING, this::onFillable,
            this::onFillFailed);
    private ByteBuffer in;
    private State state = State.HEAD;
    /** When the head being read began; 0 while no byte of it has arrived. */
    private volatile long headBegan;
    private volatile long served;
    private boolean reading;
    /** The client sent its end of stream: it sends no more requests. */
    private boolean clientEnded;
    private boolean closeAfter;
    private long bodyLeft;
    private ChunkedBody chunks;
    private boolean bodyDone = true;
    private boolean expectsContinue;
    private BodyReader bodyReader;
    private boolean continuing;
    private Callback queuedCallback;
    private ByteBuffer[] queued;
    private Relay attempt;

    ClientConnection(EndPoint endPoint, Executor executor, String listener, TargetPool pool, Requests requests) {
        super(endPoint, executor);
        this.listener = listener;
        this.pool = pool;
        this.requests = requests;
        InetSocketAddress remoteAddress = endPoint.getRemoteSocketAddress() instanceof InetSocketAddress address
                ? address : null;
        this.remote = remoteAddress == null ? null : remoteAddress.getAddress();
        InetSocketAddress local = endPoint.getLocalSocketAddress() instanceof InetSocketAddress address
                ? address : new InetSocketAddress(0);
        this.part = RequestParser.ConnectionPart.of(remote == null ? "unknown" : remote.getHostAddress(),
                local.getAddress() instanceof java.net.Inet6Address ? "[" + local.getAddress().getHostAddress() + "]"
                        : local.getAddress().getHostAddress(), local.getPort());
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().tryFillInterested(fillable);
    }

    @Override
    public void onFillable() {
        pool.lock.lock();
        try {
            switch (state) {
                case HEAD -> readRequests();
                case REQUEST -> {
                    BodyReader reader = bodyReader;
                    bodyReader = null;
                    if (reader != null) {
                        reader.onBody();
                    } else {
                        readAhead();
                    }
                }
                default -> discard();
            }
        } finally {
            pool.lock.unlock();
        }
    }

    private void onFillFailed(Throwable failure) {
        pool.lock.lock();
        try {
            BodyReader reader = bodyReader;
            bodyReader = null;
            if (reader != null) {
                reader.onBodyFailed(failure);
            } else {
                getEndPoint().close(failure instanceof TimeoutException ? null : failure);
            }
        } finally {
            pool.lock.unlock();
        }
    }

    /** Reads and dispatches requests until one is in progress, or no more bytes are there. */
    private void readRequests() {
        reading = true;
        try {
            while (state == State.HEAD) {
                if (in != null && in.hasRemaining()) {
                    if (headBegan == 0) {
                        headBegan = System.nanoTime();
                    }
                    ClientRequest request;
                    try {
                        request = RequestParser.parse(in, part);
                    } catch (RequestParser.BadRequest e) {
                        refuse(e);
                        return;
                    }
                    if (request != null) {
                        begin(request);
                        continue;
                    }
                }
                int n = fill();
                if (n == 0) {
                    recycleIfEmpty();
                    getEndPoint().tryFillInterested(fillable);
                    return;
                }
                if (n < 0) {
                    getEndPoint().close();
                    return;
                }
            }
        } finally {
            reading = false;
        }
    }

    /**
     * The client's bytes while its request is served (it has no body, or all of it was read): the next request of a
     * client that pipelines, kept for after the answer, or the client's end of sending, after which the connection
     * closes once the answer is written. Reading interest stays on while a request is at its target, as it was when
     * the request came: switching it off and on again would cost two system calls per request.
     */
    private void readAhead() {
        if (!bodyDone || clientEnded) {
            return;
        }
        int n = fill();
        if (n == 0) {
            recycleIfEmpty();
            getEndPoint().tryFillInterested(fillable);
        } else if (n < 0) {
            // a half-close: the client may still read its answer
            clientEnded = true;
            closeAfter = true;
        }
    }

    private void begin(ClientRequest request) {
        served++;
        headBegan = 0;
        state = State.REQUEST;
        closeAfter = !request.keepAlive();
        bodyLeft = Math.max(0, request.framing());
        chunks = request.framing() == ClientRequest.CHUNKED ? new ChunkedBody() : null;
        bodyDone = request.framing() == 0;
        expectsContinue = request.expectsContinue() && !bodyDone;
        if (bodyDone) {
            recycleIfEmpty();
            getEndPoint().tryFillInterested(fillable);
        }
        requests.dispatch(this, request);
    }

    /** The request's answer is complete: the next request, if the connection carries one. */
    void requestDone() {
        attempt = null;
        if (closeAfter || !bodyDone) {
            // a body not read to its end leaves no way to find where the next request starts
            closeGracefully();
            return;
        }
        state = State.HEAD;
        if (!reading) {
            readRequests();
        }
    }

    /** The request failed with its answer begun, or its client went away: the connection ends now. */
    void abort() {
        attempt = null;
        state = State.CLOSING;
        getEndPoint().close();
    }

    /** The attempt serving the request now: told if the connection closes under it. */
    void attempt(Relay relay) {
        attempt = relay;
    }

    boolean keepsAlive() {
        return !closeAfter;
    }

    void closeAfterAnswer() {
        closeAfter = true;
    }

    /** The whole body has been read (or there is none). */
    boolean bodyDone() {
        return bodyDone;
    }

    /**
     * The next piece of the request's body, as the client framed it: a slice of the connection's buffer, valid until
     * the next call. Null when none has arrived yet: the reader is called once some has.
     */
    ByteBuffer body(BodyReader reader) throws IOException {
        while (!bodyDone) {
            if (in != null && in.hasRemaining()) {
                ByteBuffer piece = takeBody();
                if (piece != null) {
                    return piece;
                }
            }
            if (expectsContinue) {
                // the client waits for this before it sends its body; the target's own 100 is not passed on
                expectsContinue = false;
                continuing = true;
                getEndPoint().write(Callback.from(Callback.InvocationType.NON_BLOCKING, this::continued,
                        getEndPoint()::close), ByteBuffer.wrap(CONTINUE));
            }
            int n = fill();
            if (n == 0) {
                bodyReader = reader;
                getEndPoint().tryFillInterested(fillable);
                return null;
            }
            if (n < 0) {
                throw new EOFException("the client closed its connection in the middle of its request's body");
            }
        }
        return null;
    }

    private ByteBuffer takeBody() throws IOException {
        int from = in.position();
        if (chunks == null) {
            int n = (int) Math.min(bodyLeft, in.remaining());
            in.position(from + n);
            bodyLeft -= n;
            bodyDone = bodyLeft == 0;
        } else {
            // the chunks pass as they are: read through only to find where they end
            while (chunks.next(in) != null) {
                // consumed
            }
            bodyDone = chunks.done();
        }
        return in.position() > from ? in.slice(from, in.position() - from) : null;
    }

    /** Writes to the client; the callback is told when all is written. */
    void write(Callback callback, ByteBuffer... buffers) {
        if (continuing) {
            queuedCallback = callback;
            queued = buffers;
            return;
        }
        getEndPoint().write(callback, buffers);
    }

    private void continued() {
        pool.lock.lock();
        try {
            continuing = false;
            if (queued != null) {
                ByteBuffer[] buffers = queued;
                queued = null;
                getEndPoint().write(queuedCallback, buffers);
            }
        } finally {
            pool.lock.unlock();
        }
    }

    /** The load balancer's own answer (an error), then the next request unless it closes the connection. */
    void answer(int status, String error, String message, Callback callback) {
        if (!bodyDone) {
            closeAfter = true;
        }
        write(callback, Problems.answer(status, error, message, closeAfter));
    }

    private void refuse(RequestParser.BadRequest bad) {
        state = State.CLOSING;
        getEndPoint().write(Callback.from(Callback.InvocationType.NON_BLOCKING, this::closeGracefully,
                failure -> getEndPoint().close()), Problems.answer(bad.status, bad.error, bad.getMessage(), true));
    }

    private void closeGracefully() {
        pool.lock.lock();
        try {
            state = State.CLOSING;
            getEndPoint().shutdownOutput();
            discard();
        } finally {
            pool.lock.unlock();
        }
    }

    /** Reads what the client still sends and drops it, until it closes (or the idle timeout closes it). */
    private void discard() {
        while (true) {
            int n = fill();
            if (n < 0) {
                getEndPoint().close();
                return;
            }
            if (n == 0) {
                recycleIfEmpty();
                getEndPoint().tryFillInterested(fillable);
                return;
            }
            in.position(in.limit());
        }
    }

    /** Reads after what the buffer holds: the count, 0 for nothing now, -1 at the client's end (or failure). */
    private int fill() {
        if (in == null) {
            in = pool.buffer();
        } else if (in.position() > 0) {
            BufferUtil.compact(in);
        }
        try {
            return getEndPoint().fill(in);
        } catch (IOException e) {
            return -1;
        }
    }

    private void recycleIfEmpty() {
        if (in != null && !in.hasRemaining()) {
            pool.recycle(in);
            in = null;
        }
    }

    /**
     * Enforces the deadline of a request's head (see {@link HeaderDeadline}): once it has passed, the connection is
     * counted ({@code onExpired}) and closed, with a 408 when the head had begun.
     */
    void enforceHeadDeadline(long now, long deadlineNanos, ByteBuffer timeoutAnswer, Runnable onExpired) {
        pool.lock.lock();
        try {
            if (state != State.HEAD) {
                return;
            }
            long began = headBegan;
            boolean begun = began != 0;
            if (begun ? now - began <= deadlineNanos : served > 0
                    || System.currentTimeMillis() - getEndPoint().getCreatedTimeStamp() <= deadlineNanos / 1_000_000) {
                return;
            }
            // counted first: whoever sees the connection close sees it counted
            onExpired.run();
            state = State.CLOSING;
            if (begun) {
                getEndPoint().write(Callback.from(getEndPoint()::close, failure -> getEndPoint().close()),
                        timeoutAnswer);
            } else {
                getEndPoint().close();
            }
        } finally {
            pool.lock.unlock();
        }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        // what waits on the client (its next request, its body, a write) fails with the timeout; a request waiting
        // on its target is the target's timeout's business
        pool.lock.lock();
        try {
            Relay relay = attempt;
            return state != State.REQUEST || bodyReader != null || relay == null || !relay.waitingOnTarget();
        } finally {
            pool.lock.unlock();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        pool.lock.lock();
        try {
            Relay relay = attempt;
            attempt = null;
            if (relay != null) {
                relay.clientFailed(cause != null ? cause : new EOFException("the client's connection closed"));
            }
            if (in != null) {
                pool.recycle(in);
                in = null;
            }
        } finally {
            pool.lock.unlock();
        }
    }
}
