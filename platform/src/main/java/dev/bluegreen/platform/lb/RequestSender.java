package dev.bluegreen.platform.lb;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The request's way to the target, for one {@link Relay}: its head, then its body piece by piece as the client sends
 * it, framed as the client framed it, each piece sent before the next is read (the client's buffer holds it until
 * then). Runs under the pool's lock.
 */
final class RequestSender implements RequestBody.Reader {

    private final Relay relay;
    private final ClientConnection client;
    private final ClientRequest request;
    private final Exchange exchange;
    private final TargetConnection connection;
    private boolean headSent;
    private boolean sent;
    private boolean awaitingClient;

    RequestSender(Relay relay, ClientConnection client, ClientRequest request, Exchange exchange,
                  TargetConnection connection) {
        this.relay = relay;
        this.client = client;
        this.request = request;
        this.exchange = exchange;
        this.connection = connection;
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
            headSent = connection.write(request.headToTarget());
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
        headSent = true;
        sendBody();
    }

    private void sendBody() {
        while (!relay.over() && !sent) {
            if (client.bodyDone()) {
                sent = true;
                return;
            }
            ByteBuffer piece;
            try {
                piece = client.body(this);
            } catch (IOException e) {
                relay.clientFailed(e);
                return;
            }
            if (piece == null) {
                // the client's next bytes call onBody
                awaitingClient = true;
                return;
            }
            if (client.bodyDone()) {
                exchange.received(System.nanoTime());
            }
            try {
                if (!connection.write(piece)) {
                    // the rest goes when the target can take it (onWritten); the next piece is read after that, and
                    // the request is sent only then: a connection still writing must not carry another request
                    return;
                }
            } catch (IOException e) {
                relay.targetFailed(e);
                return;
            }
        }
    }

    @Override
    public void onBody() {
        awaitingClient = false;
        sendBody();
    }

    @Override
    public void onBodyFailed(Throwable failure) {
        awaitingClient = false;
        relay.clientFailed(failure);
    }
}
