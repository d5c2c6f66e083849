package dev.bluegreen.platform.lb;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The request's way to the target, for one {@link Relay}: its head, then its body chunk by chunk as the client sends
 * it, each chunk sent before the next is read (chunked again when the client's was). Runs under the pool's lock.
 */
final class RequestSender {

    private final Relay relay;
    private final TargetPool pool;
    private final Request request;
    private final Exchange exchange;
    private final TargetConnection connection;
    private final long framing;
    private boolean headSent;
    private long bodyBytes;
    private boolean sent;
    private Content.Chunk sending;
    private boolean awaitingClient;

    RequestSender(Relay relay, TargetPool pool, Request request, Exchange exchange, TargetConnection connection,
                  long framing) {
        this.relay = relay;
        this.pool = pool;
        this.request = request;
        this.exchange = exchange;
        this.connection = connection;
        this.framing = framing;
    }

    /** The whole request is with the target. */
    boolean sent() {
        return sent;
    }

    /** Waiting for the client's next piece of body: its slowness is not the target's. */
    boolean awaitingClient() {
        return awaitingClient;
    }

    void start() {
        try {
            headSent = connection.write(RequestHead.of(request, framing));
        } catch (IOException e) {
            relay.targetFailed(e);
            return;
        }
        if (headSent) {
            sendBody();
        }
    }

    /** The target took all that was sent. */
    void onWritten() {
        if (!headSent) {
            headSent = true;
        } else {
            release();
        }
        sendBody();
    }

    private void sendBody() {
        while (!relay.over() && !sent) {
            if (framing == 0) {
                sent = true;
                return;
            }
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                awaitingClient = true;
                request.demand(Invocable.from(Invocable.InvocationType.NON_BLOCKING, this::onClientBody));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                exchange.clientFailed(chunk.getFailure());
                relay.clientFailed(chunk.getFailure());
                return;
            }
            bodyBytes += chunk.remaining();
            boolean end = chunk.isLast() || framing > 0 && bodyBytes >= framing;
            if (end) {
                // the body's last byte: the end-of-content chunk may only be read after the target has answered
                exchange.received(System.nanoTime());
            }
            try {
                boolean done = connection.write(frame(chunk, end));
                sent = end;
                if (!done) {
                    sending = chunk;
                    return;
                }
            } catch (IOException e) {
                chunk.release();
                relay.targetFailed(e);
                return;
            }
            chunk.release();
        }
    }

    private ByteBuffer[] frame(Content.Chunk chunk, boolean end) {
        ByteBuffer data = chunk.getByteBuffer();
        if (framing != RequestHead.CHUNKED) {
            return new ByteBuffer[] {data};
        }
        String size = data.hasRemaining() ? Integer.toHexString(data.remaining()) + "\r\n" : "";
        String after = (data.hasRemaining() ? "\r\n" : "") + (end ? "0\r\n\r\n" : "");
        return new ByteBuffer[] {BufferUtil.toBuffer(size), data, BufferUtil.toBuffer(after)};
    }

    private void onClientBody() {
        pool.lock.lock();
        try {
            awaitingClient = false;
            sendBody();
        } finally {
            pool.lock.unlock();
        }
    }

    /** The chunk being sent, if any, is no longer needed (sent, or the attempt is over). */
    void release() {
        if (sending != null) {
            sending.release();
            sending = null;
        }
    }
}
