package dev.bluegreen.platform.lb;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * The {@code X-Forwarded-For/-Proto/-Port/-Host} headers a target receives, as an ALB sends them (and nothing else:
 * no {@code Via}, no {@code Forwarded}). What depends only on the client's connection (its address, the scheme, the
 * listener's port) is made once per connection and kept on it, not formatted again for every request.
 */
final class ForwardedHeaders {

    private static final String ATTRIBUTE = ForwardedHeaders.class.getName();

    private final String remote;
    private final HttpField forwardedFor;
    private final HttpField proto;
    private final HttpField port;

    private ForwardedHeaders(Request first) {
        remote = Request.getRemoteAddr(first);
        forwardedFor = new HttpField(HttpHeader.X_FORWARDED_FOR, remote);
        proto = new HttpField(HttpHeader.X_FORWARDED_PROTO, first.isSecure() ? "https" : "http");
        port = new HttpField(HttpHeader.X_FORWARDED_PORT, Integer.toString(Request.getLocalPort(first)));
    }

    /** Adds the headers to the target's request, replacing any the client sent (but extending its forwarded-for). */
    static void add(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        ConnectionMetaData connection = clientToProxy.getConnectionMetaData();
        ForwardedHeaders of = (ForwardedHeaders) connection.getAttribute(ATTRIBUTE);
        if (of == null) {
            of = new ForwardedHeaders(clientToProxy);
            connection.setAttribute(ATTRIBUTE, of);
        }
        String prior = clientToProxy.getHeaders().get(HttpHeader.X_FORWARDED_FOR);
        String host = clientToProxy.getHeaders().get(HttpHeader.HOST);
        HttpField forwardedFor = prior == null || prior.isBlank() ? of.forwardedFor
                : new HttpField(HttpHeader.X_FORWARDED_FOR, prior + ", " + of.remote);
        HttpField proto = of.proto;
        HttpField port = of.port;
        proxyToServer.headers(headers -> {
            headers.put(forwardedFor);
            headers.put(proto);
            headers.put(port);
            if (host != null) {
                headers.put(HttpHeader.X_FORWARDED_HOST, host);
            }
        });
    }
}
