package dev.bluegreen.platform.lb;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * A client's connection to a listener, HTTP/1.1 read and written by the load balancer itself on the selector that
 * also runs its requests' connections to targets ({@link TargetPool}): a request's head is read as bytes and becomes
 * the target's head in one pass, and the target's answer is written back as it came, so nothing is parsed into
 * objects and framed again. Requests are served one after the other (pipelined ones included). Everything runs
 * under the pool's lock. Jetty still accepts the connection, counts it against the listener's limit, times out its
 * idleness and does its reads and writes.
 */
final class ClientConnection extends ClientChannel {

    /** Who serves the requests: the proxy. */
    interface Requests {
        void dispatch(ClientConnection client, ClientRequest request);
    }

    private enum State {
        /** Waiting for a request's head, or reading it. */
        HEAD,
        /** A request is being served. */
        REQUEST
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    final String listener;
    final InetAddress remote;
    private final Requests requests;
    private final RequestParser.ConnectionPart part;
    private State state = State.HEAD;
    /** When the head being read began; 0 while no byte of it has arrived. */
    private volatile long headBegan;
    private volatile long served;
    private boolean reading;
    /** The client sent its end of stream: it sends no more requests. */
    private boolean clientEnded;
    private boolean closeAfter;
    private RequestBody body = RequestBody.NONE;
    private boolean expectsContinue;
    private RequestBody.Reader bodyReader;
    private Relay attempt;

    ClientConnection(EndPoint endPoint, Executor executor, String listener, TargetPool pool, Requests requests) {
        super(endPoint, executor, pool);
        this.listener = listener;
        this.requests = requests;
        this.remote = endPoint.getRemoteSocketAddress() instanceof InetSocketAddress address
                ? address.getAddress() : null;
        this.part = RequestParser.ConnectionPart.of(remote, endPoint.getLocalSocketAddress());
    }

    @Override
    void readable() {
        if (state == State.HEAD) {
            readRequests();
            return;
        }
        RequestBody.Reader reader = bodyReader;
        bodyReader = null;
        if (reader != null) {
            reader.onBody();
        } else {
            readAhead();
        }
    }

    @Override
    void readFailed(Throwable failure) {
        RequestBody.Reader reader = bodyReader;
        bodyReader = null;
        if (reader != null) {
            reader.onBodyFailed(failure);
        } else {
            closeNow();
        }
    }

    /** Reads and dispatches requests until one is in progress, or no more bytes are there. */
    private void readRequests() {
        reading = true;
        try {
            while (state == State.HEAD && !closing()) {
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
                    awaitBytes();
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
        if (!body.done() || clientEnded) {
            return;
        }
        int n = fill();
        if (n == 0) {
            recycleIfEmpty();
            awaitBytes();
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
        body = RequestBody.of(request);
        expectsContinue = request.expectsContinue() && !body.done();
        if (body.done()) {
            recycleIfEmpty();
            awaitBytes();
        }
        requests.dispatch(this, request);
    }

    /** The request's answer is complete: the next request, if the connection carries one. */
    void requestDone() {
        attempt = null;
        if (closeAfter || !body.done()) {
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
        closeNow();
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
        return body.done();
    }

    /**
     * The next piece of the request's body, as the client framed it: a slice of the connection's buffer, valid until
     * the next call. Null when none has arrived yet: the reader is called once some has.
     */
    ByteBuffer body(RequestBody.Reader reader) throws IOException {
        while (!body.done()) {
            if (in != null && in.hasRemaining()) {
                ByteBuffer piece = body.take(in);
                if (piece != null) {
                    return piece;
                }
            }
            if (expectsContinue) {
                // the client waits for this before it sends its body; the target's own 100 is not passed on
                expectsContinue = false;
                writeInterim(CONTINUE);
            }
            int n = fill();
            if (n == 0) {
                bodyReader = reader;
                awaitBytes();
                return null;
            }
            if (n < 0) {
                throw new EOFException("the client closed its connection in the middle of its request's body");
            }
        }
        return null;
    }

    /** The load balancer's own answer (an error), then the next request unless it closes the connection. */
    void answer(int status, String error, String message, Callback callback) {
        if (!body.done()) {
            closeAfter = true;
        }
        write(callback, Problems.answer(status, error, message, closeAfter));
    }

    private void refuse(RequestParser.BadRequest bad) {
        writeLast(Problems.answer(bad.status, bad.error, bad.getMessage(), true), true);
    }

    /**
     * Enforces the deadline of a request's head (see {@link HeaderDeadline}): once it has passed, the connection is
     * counted ({@code onExpired}) and closed, with a 408 when the head had begun.
     */
    void enforceHeadDeadline(long now, long deadlineNanos, ByteBuffer timeoutAnswer, Runnable onExpired) {
        pool.lock.lock();
        try {
            if (state != State.HEAD || closing()) {
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
            if (begun) {
                writeLast(timeoutAnswer, false);
            } else {
                closeNow();
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
        pool.lock.lock();
        try {
            Relay relay = attempt;
            attempt = null;
            if (relay != null) {
                // before the buffer goes back to the pool: the relay may be sending the body's bytes from it
                relay.clientFailed(cause != null ? cause : new EOFException("the client's connection closed"));
            }
        } finally {
            pool.lock.unlock();
        }
        super.onClose(cause);
    }
}
