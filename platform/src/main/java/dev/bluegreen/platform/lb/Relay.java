package dev.bluegreen.platform.lb;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;

/**
 * One attempt of a request at one target: the request sent on (by its {@link RequestSender}), the target's answer
 * read and passed to the client as it arrives, the body's bytes as they were read (no copy, no parse and rebuild of
 * a response), the next read only once the client has taken them. Runs under its pool's lock. A failure of the
 * target goes to the proxy, which retries or answers for it; a failure of the client ends the attempt.
 */
final class Relay {

    /** What the proxy does with an attempt's outcomes. */
    interface Outcomes {
        /** The answer's first bytes go to the client: it is final (no retry can replace it). */
        void answering(Relay relay);

        /** The target failed: retry elsewhere, answer 502/504, or give up on the client. */
        void targetFailed(Relay relay, Throwable failure);
    }

    private final TargetPool pool;
    private final Outcomes outcomes;
    final ClientConnection client;
    final ClientRequest request;
    final Callback callback;
    final Exchange exchange;
    private final Callback written = new Written();
    private TargetConnection connection;
    private RequestSender sender;
    private ClientAnswer answer;
    private boolean committed;
    private boolean writing;
    private boolean inWrite;
    private boolean lastWritten;
    private boolean responseDone;
    private boolean targetEnded;
    private boolean over;

    Relay(TargetPool pool, Outcomes outcomes, ClientConnection client, ClientRequest request, Callback callback,
          Exchange exchange) {
        this.pool = pool;
        this.outcomes = outcomes;
        this.client = client;
        this.request = request;
        this.callback = callback;
        this.exchange = exchange;
    }

    /** The same request at the exchange's next target (its body unread: only such requests are retried). */
    Relay retry() {
        return new Relay(pool, outcomes, client, request, callback, exchange);
    }

    /** Under the pool's lock. */
    void start() {
        client.attempt(this);
        try {
            connection = pool.acquire(exchange.member().address());
        } catch (IOException e) {
            over = true;
            outcomes.targetFailed(this, e);
            return;
        }
        connection.relay(this);
        sender = new RequestSender(this, client, request, exchange, connection);
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
                ByteBuffer piece = answer.next(in, targetEnded);
                if (piece == null) {
                    break;
                }
                write(answer.ended(), piece, answer.pieceAt());
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
            // an interim answer (100 Continue): the load balancer sends the client its own
            return true;
        }
        exchange.answered(System.nanoTime(), parsed.status());
        answer = ClientAnswer.of(parsed, request, client.keepsAlive());
        if (answer.closes()) {
            client.closeAfterAnswer();
        }
        return true;
    }

    /** @param at where the piece starts in the target's buffer, or -1 when it is not a slice of it */
    private void write(boolean last, ByteBuffer piece, int at) {
        ByteBuffer[] out;
        if (committed) {
            out = answer.body(piece, last);
        } else {
            committed = true;
            outcomes.answering(this);
            out = answer.withHead(connection.in(), piece, last, at, exchange.setCookie(), request.http11());
        }
        writing = true;
        lastWritten = last;
        inWrite = true;
        client.write(written, out);
        inWrite = false;
        if (writing) {
            // the target waits until the client has taken these bytes
            connection.reading(false);
        }
    }

    /** Whether the client has received any of the answer: then nothing else can be answered instead. */
    boolean committed() {
        return committed;
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
        boolean reusable = sender.sent() && answer.targetKeepsAlive() && !connection.in().hasRemaining()
                && !targetEnded;
        if (reusable) {
            pool.release(connection);
        } else {
            connection.close();
        }
        callback.succeeded();
    }

    /** The client is gone (it closed, stopped sending its body, or a write to it failed): the target's work too. */
    void clientFailed(Throwable failure) {
        if (over) {
            return;
        }
        over = true;
        exchange.clientFailed(failure);
        connection.close();
        callback.failed(failure);
    }

    /** The target failed (or timed out): the proxy decides what the client gets. */
    void targetFailed(Throwable failure) {
        if (over) {
            return;
        }
        over = true;
        connection.close();
        outcomes.targetFailed(this, failure);
    }

    /** Whether the request waits on the target now (not on its client sending or reading): its time may run out. */
    boolean waitingOnTarget() {
        return !over && !writing && !sender.awaitingClient();
    }
}
