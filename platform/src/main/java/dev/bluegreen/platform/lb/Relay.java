package dev.bluegreen.platform.lb;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One attempt of a request at one target: the request sent on (by its {@link RequestSender}), the target's answer
 * read and passed to the client as it arrives, the body's bytes as they were read (no copy, no parse and rebuild of
 * a response), the next read only once the client has taken them. Runs under its pool's lock. A failure of the
 * target goes to the proxy, which retries or answers for it; a failure of the client ends the attempt.
 */
final class Relay {

    /** What the proxy does when the target fails: retry elsewhere, answer 502/504, or give up on the client. */
    interface Failures {
        void targetFailed(Relay relay, Throwable failure);
    }

    private final TargetPool pool;
    private final Failures failures;
    final Request request;
    final Response response;
    final Callback callback;
    final Exchange exchange;
    private final long framing;
    private final boolean head;
    private final Callback written = new Written();
    private TargetConnection connection;
    private RequestSender sender;
    private ResponseHead answer;
    private ChunkedBody chunks;
    private long bodyLeft;
    private boolean writing;
    private boolean inWrite;
    private boolean lastWritten;
    private boolean responseDone;
    private boolean targetEnded;
    private boolean over;

    Relay(TargetPool pool, Failures failures, Request request, Response response, Callback callback,
          Exchange exchange) {
        this.pool = pool;
        this.failures = failures;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.exchange = exchange;
        this.framing = RequestHead.bodyFraming(request);
        this.head = HttpMethod.HEAD.is(request.getMethod());
    }

    /** The same request at the exchange's next target (its body unread: only such requests are retried). */
    Relay retry() {
        return new Relay(pool, failures, request, response, callback, exchange);
    }

    /** Under the pool's lock. */
    void start() {
        try {
            connection = pool.acquire(exchange.member().address());
        } catch (IOException e) {
            over = true;
            failures.targetFailed(this, e);
            return;
        }
        connection.relay(this);
        sender = new RequestSender(this, pool, request, exchange, connection, framing);
        if (connection.connected()) {
            sender.start();
        }
    }

    void onConnected() {
        sender.start();
    }

    /** The target took all that was sent. */
    void onWritten() {
        sender.onWritten();
    }

    boolean over() {
        return over;
    }

    void onReadable() {
        if (writing) {
            connection.reading(false);
            return;
        }
        int n;
        try {
            n = connection.read();
        } catch (IOException e) {
            targetFailed(e);
            return;
        }
        if (n < 0) {
            targetEnded = true;
        }
        forward();
    }

    /** Passes on what was read, one write to the client at a time; reads again once it is all taken. */
    private void forward() {
        ByteBuffer in = connection.in();
        try {
            while (!over && !writing && !lastWritten) {
                if (answer == null) {
                    if (!readHead(in)) {
                        break;
                    }
                    continue;
                }
                ByteBuffer piece;
                boolean last;
                if (chunks != null) {
                    piece = chunks.next(in);
                    last = piece == null && chunks.done();
                    if (piece == null && !last) {
                        break;
                    }
                } else if (answer.untilClose()) {
                    last = targetEnded && !in.hasRemaining();
                    piece = last || !in.hasRemaining() ? null : in.slice();
                    if (piece == null && !last) {
                        break;
                    }
                    in.position(in.limit());
                } else {
                    if (bodyLeft > 0 && !in.hasRemaining()) {
                        break;
                    }
                    int n = (int) Math.min(bodyLeft, in.remaining());
                    piece = in.slice(in.position(), n);
                    in.position(in.position() + n);
                    bodyLeft -= n;
                    last = bodyLeft == 0;
                }
                write(last, piece == null ? BufferUtil.EMPTY_BUFFER : piece);
            }
        } catch (ResponseHead.BadResponseException e) {
            targetFailed(e);
            return;
        }
        if (over) {
            return;
        }
        if (responseDone) {
            complete();
        } else if (!writing) {
            if (targetEnded) {
                targetFailed(new EOFException("target " + exchange.member().target().id() + " closed the connection "
                        + (answer == null ? "before it answered" : "in the middle of its answer")));
            } else {
                connection.reading(true);
            }
        }
    }

    private boolean readHead(ByteBuffer in) throws ResponseHead.BadResponseException {
        ResponseHead parsed = ResponseHead.parse(in);
        if (parsed == null) {
            return false;
        }
        if (parsed.status() < 200) {
            // an interim answer (100 Continue): the client's own connection sends its own
            return true;
        }
        answer = parsed;
        exchange.answered(System.nanoTime());
        response.setStatus(parsed.status());
        HttpFields.Mutable headers = response.getHeaders();
        for (HttpField field : parsed.fields()) {
            headers.add(field);
        }
        boolean noBody = head || parsed.status() == 204 || parsed.status() == 304;
        if (noBody || parsed.contentLength() == 0) {
            bodyLeft = 0;
            write(true, BufferUtil.EMPTY_BUFFER);
        } else if (parsed.chunked()) {
            chunks = new ChunkedBody();
        } else {
            bodyLeft = parsed.contentLength();
        }
        return true;
    }

    private void write(boolean last, ByteBuffer piece) {
        writing = true;
        lastWritten = last;
        inWrite = true;
        response.write(last, piece, written);
        inWrite = false;
        if (writing) {
            // the target waits until the client has taken these bytes
            connection.reading(false);
        }
    }

    /** The client took a piece: go on at once if that was within the write, else from here. */
    private final class Written implements Callback {
        @Override
        public void succeeded() {
            pool.lock.lock();
            try {
                writing = false;
                if (lastWritten) {
                    responseDone = true;
                }
                if (!inWrite && !over) {
                    forward();
                }
            } finally {
                pool.lock.unlock();
            }
        }

        @Override
        public void failed(Throwable failure) {
            pool.lock.lock();
            try {
                writing = false;
                clientFailed(failure);
            } finally {
                pool.lock.unlock();
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** The answer is all with the client: the connection goes back to the pool if it can carry another request. */
    private void complete() {
        over = true;
        boolean reusable = sender.sent() && answer.keepAlive() && !answer.untilClose() && !connection.in().hasRemaining()
                && !targetEnded;
        if (reusable) {
            pool.release(connection);
        } else {
            connection.close();
        }
        sender.release();
        callback.succeeded();
    }

    /** The client is gone (it closed, stopped sending its body, or a write to it failed): the target's work too. */
    void clientFailed(Throwable failure) {
        if (over) {
            return;
        }
        over = true;
        connection.close();
        sender.release();
        callback.failed(failure);
    }

    /** The target failed (or timed out): the proxy decides what the client gets. */
    void targetFailed(Throwable failure) {
        if (over) {
            return;
        }
        over = true;
        connection.close();
        sender.release();
        failures.targetFailed(this, failure);
    }

    /** Whether the request waits on the target now (not on its client sending or reading): its time may run out. */
    boolean waitingOnTarget() {
        return !over && !writing && !sender.awaitingClient();
    }
}
