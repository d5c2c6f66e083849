package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * The request line and headers a target receives: the client's, as sent (the path and query raw, the Host kept),
 * without the hop-by-hop ones, with {@code X-Forwarded-For/-Proto/-Port/-Host} as an ALB sends them (and nothing
 * else: no {@code Via}, no {@code Forwarded}), and the body's framing: its length, or chunked when the client's
 * was.
 */
final class RequestHead {

    private static final String ATTRIBUTE = RequestHead.class.getName();

    /** What depends only on the client's connection, made once per connection and kept on it. */
    private record ConnectionPart(String remote, String fixed) {
    }

    private RequestHead() {
    }

    /** How the client's body is framed: its length, {@link #CHUNKED}, or 0 for none. */
    static final long CHUNKED = -1;

    static long bodyFraming(Request request) {
        String length = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
        if (length != null) {
            return Long.parseLong(length.trim());
        }
        return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING) ? CHUNKED : 0;
    }

    static ByteBuffer of(Request request, long framing) {
        ConnectionPart connection = connectionPart(request.getConnectionMetaData(), request);
        StringBuilder head = new StringBuilder(512);
        head.append(request.getMethod()).append(' ').append(request.getHttpURI().getPathQuery())
                .append(" HTTP/1.1\r\n");
        String priorFor = null;
        String host = null;
        for (HttpField field : request.getHeaders()) {
            HttpHeader known = field.getHeader();
            if (known != null) {
                if (ResponseHead.hopByHop(known)) {
                    continue;
                }
                switch (known) {
                    // the body's framing and the forwarded headers are the load balancer's to write
                    case CONTENT_LENGTH, X_FORWARDED_PROTO, X_FORWARDED_PORT, X_FORWARDED_HOST -> {
                        continue;
                    }
                    case X_FORWARDED_FOR -> {
                        priorFor = field.getValue();
                        continue;
                    }
                    case HOST -> host = field.getValue();
                    default -> {
                        // passed on as it is
                    }
                }
            }
            head.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
        }
        head.append("X-Forwarded-For: ");
        if (priorFor != null && !priorFor.isBlank()) {
            head.append(priorFor).append(", ");
        }
        head.append(connection.remote()).append("\r\n").append(connection.fixed());
        if (host != null) {
            head.append("X-Forwarded-Host: ").append(host).append("\r\n");
        }
        if (framing > 0) {
            head.append("Content-Length: ").append(framing).append("\r\n");
        } else if (framing == CHUNKED) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("\r\n");
        return ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ConnectionPart connectionPart(ConnectionMetaData connection, Request first) {
        ConnectionPart part = (ConnectionPart) connection.getAttribute(ATTRIBUTE);
        if (part == null) {
            part = new ConnectionPart(Request.getRemoteAddr(first), "X-Forwarded-Proto: "
                    + (first.isSecure() ? "https" : "http") + "\r\nX-Forwarded-Port: " + Request.getLocalPort(first)
                    + "\r\n");
            connection.setAttribute(ATTRIBUTE, part);
        }
        return part;
    }
}
