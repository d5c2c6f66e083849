package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The response to the client as the proxy writes it: its first write is when the answer is final (no retry can
 * replace it), so the request is counted then, whatever the client does with it afterwards; a write that fails
 * means the client went away.
 */
final class ClientResponse extends Response.Wrapper {

    private final Exchange exchange;
    private final Runnable onWrite;

    ClientResponse(Request request, Response response, Exchange exchange, Runnable onWrite) {
        super(request, response);
        this.exchange = exchange;
        this.onWrite = onWrite;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
        onWrite.run(); // the request is counted once: at a later write this does nothing
        super.write(last, content, new Callback.Nested(callback) {
            @Override
            public void failed(Throwable failure) {
                exchange.clientFailed(failure);
                super.failed(failure);
            }
        });
    }
}
