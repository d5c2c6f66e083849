package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The response to the client as the proxy writes it: its first write is when the answer is final (no retry can
 * replace it), so the request is counted then, whatever the client does with it afterwards, and the sticky side's
 * cookie joins the target's headers (after them: a target's own {@code Set-Cookie} must not replace it); a write
 * that fails means the client went away.
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
        if (exchange.setCookie() != null && !isCommitted()) {
            getHeaders().add(HttpHeader.SET_COOKIE, exchange.setCookie());
        }
        super.write(last, content, new Callback.Nested(callback) {
            @Override
            public void failed(Throwable failure) {
                exchange.clientFailed(failure);
                super.failed(failure);
            }
        });
    }
}
