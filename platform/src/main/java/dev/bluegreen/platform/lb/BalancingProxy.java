package dev.bluegreen.platform.lb;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's reverse proxy with the load balancer's choices: the routing table is read once per request, when it is
 * dispatched, and the target group chosen then (by weight while traffic shifts) is the request's to the end, retry
 * included; so a flip or a shift step applies to the next request of every connection while requests in flight
 * finish where they started. Bodies are streamed both ways by Jetty's proxy. What is counted for a target group is
 * the target's doing: its status and its time to answer; a client that goes away is counted apart, as a client
 * abort.
 */
final class BalancingProxy extends ProxyHandler.Reverse {

    private static final Logger LOG = LoggerFactory.getLogger(BalancingProxy.class);
    /** Below the services' own keep-alive timeouts, so the proxy closes an idle connection before they do. */
    private static final long CLIENT_IDLE_TIMEOUT_MS = 20_000;
    private static final long CONNECT_TIMEOUT_MS = 2_000;
    private static final int MAX_CONNECTIONS_PER_TARGET = 64;
    private static final int RESPONSE_BUFFER_BYTES = 64 * 1024;

    private final Function<String, ListenerConfig> listeners;
    private final Supplier<Map<String, ListenerRoute>> routes;
    private final LbMetrics metrics;

    BalancingProxy(Function<String, ListenerConfig> listeners, Supplier<Map<String, ListenerRoute>> routes,
                   LbMetrics metrics) {
        super(BalancingProxy::targetUri);
        this.listeners = listeners;
        this.routes = routes;
        this.metrics = metrics;
        // one pool for the server and the client: on two cores more threads only add contention
        setUseServerThreadPool(true);
    }

    private static HttpURI targetUri(Request request) {
        URI target = exchange(request).member().target().uri();
        return HttpURI.build(request.getHttpURI()).scheme(target.getScheme()).host(target.getHost())
                .port(target.getPort());
    }

    private static Exchange exchange(Request request) {
        return (Exchange) request.getAttribute(Exchange.ATTRIBUTE);
    }

    @Override
    protected HttpClient newHttpClient() {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(java.time.Duration.ofMillis(CONNECT_TIMEOUT_MS));
        connector.setIdleTimeout(java.time.Duration.ofMillis(CLIENT_IDLE_TIMEOUT_MS));
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        // the response's listeners (ours and the proxy's) never block: run them on the selector, no hand-off
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        return new HttpClient(transport);
    }

    /**
     * Nothing in {@link #handle} blocks (the target's request is sent asynchronously, the load balancer's own answers
     * are written asynchronously): the listener's selector runs it at once instead of handing it to another thread.
     */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    protected void configureHttpClient(HttpClient client) {
        super.configureHttpClient(client);
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_TARGET);
        client.setIdleTimeout(CLIENT_IDLE_TIMEOUT_MS);
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        // the targets' own headers go back to the client unchanged
        client.setUserAgentField(null);
        // an API answer of 50 KB or more is read from the target in one or two reads, not four of Jetty's 16 KB
        client.setResponseBufferSize(RESPONSE_BUFFER_BYTES);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String listenerName = request.getConnectionMetaData().getConnector().getName();
        ListenerConfig listener = listeners.apply(listenerName);
        if (listener == null) {
            // a connector closing while a request arrives on it
            answer(response, callback, listenerName, null, start, 503, "no_listener",
                    "listener '" + listenerName + "' is closed");
            return true;
        }
        InetAddress client = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress
                remote ? remote.getAddress() : null;
        if (client == null || !listener.allowClient().test(client)) {
            answer(response, callback, listenerName, null, start, 403, "forbidden",
                    "client " + (client == null ? "unknown" : client.getHostAddress())
                            + " is not allowed on listener '" + listenerName + "'");
            return true;
        }
        ListenerRoute route = routes.get().get(listenerName);
        if (route == null) {
            answer(response, callback, listenerName, null, start, 503, "no_route",
                    "listener '" + listenerName + "' forwards to no target group");
            return true;
        }
        ListenerRoute.Choice choice = route.choose(request);
        TargetGroup group = choice.group();
        Member member = group.acquire(null);
        if (member == null) {
            answer(response, callback, listenerName, group, start, 503, "no_healthy_target",
                    "target group '" + group.name() + "' has no healthy target");
            return true;
        }
        Exchange exchange = new Exchange(listenerName, group, member, start, choice.setCookie());
        request.setAttribute(Exchange.ATTRIBUTE, exchange);
        Response toClient = new ClientResponse(request, response, exchange, () -> count(exchange,
                response.getStatus()));
        Callback done = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                finish(exchange, response.getStatus());
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                finish(exchange, 502);
                super.failed(failure);
            }
        };
        try {
            return super.handle(request, toClient, done);
        } catch (RuntimeException e) {
            // through our callback, so the target's count of requests in flight (which a drain waits on) drops
            done.failed(e);
            return true;
        }
    }

    /**
     * At the request's end: the target may take the next one (a drain waits for this). A request not counted yet
     * (nothing was written to its client) is counted now, unless its client went away: then it is a client abort
     * and nothing else, since the target never had its chance to answer.
     */
    private void finish(Exchange exchange, int status) {
        exchange.member().release();
        if (exchange.clientGone()) {
            exchange.countOnce();
            metrics.clientAbort(exchange.listener(), exchange.group().name());
        } else {
            count(exchange, status);
        }
    }

    /** Counts the request once, with the target's time to answer. */
    private void count(Exchange exchange, int status) {
        if (exchange.countOnce()) {
            metrics.listener(exchange.listener(), status);
            metrics.group(exchange.group().name(), status, exchange.latencyNanos(System.nanoTime()));
        }
    }

    private void answer(Response response, Callback callback, String listener, TargetGroup group, long start,
                        int status, String error, String message) {
        metrics.listener(listener, status);
        if (group != null) {
            metrics.group(group.name(), status, System.nanoTime() - start);
        }
        Problems.write(response, callback, status, error, message);
    }

    /** The target's response headers are when it answered: its latency ends there, not when the client has read. */
    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request clientToProxy, HttpURI uri) {
        Exchange exchange = exchange(clientToProxy);
        return super.newProxyToServerRequest(clientToProxy, uri)
                .onResponseHeaders(answer -> exchange.answered(System.nanoTime()));
    }

    /**
     * The client's body as the target receives it: its last byte is when the load balancer had the whole request;
     * a failure reading it (the client closed, or stopped sending) is the client's doing, not the target's.
     */
    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(
            Request clientToProxy, Response proxyToClient, org.eclipse.jetty.client.Request proxyToServer) {
        Exchange exchange = exchange(clientToProxy);
        return new ProxyRequestContent(clientToProxy) {
            private long bytes;

            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (Content.Chunk.isFailure(chunk)) {
                    exchange.clientFailed(chunk.getFailure());
                } else if (chunk != null) {
                    bytes += chunk.remaining();
                    // the body's last byte: the end-of-content chunk may only be read after the target has answered
                    if (chunk.isLast() || bytes == getLength()) {
                        exchange.received(System.nanoTime());
                    }
                }
                return chunk;
            }
        };
    }

    @Override
    protected void addProxyHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        // not Jetty's Via and Forwarded: an ALB sends neither, and building them cost a fifth of the allocations
        ForwardedHeaders.add(clientToProxy, proxyToServer);
    }

    @Override
    protected void onServerToProxyResponseFailure(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer,
                                                  org.eclipse.jetty.client.Response serverToProxy,
                                                  Response proxyToClient, Callback callback, Throwable failure) {
        Exchange exchange = exchange(clientToProxy);
        if (exchange.clientGone()) {
            // the client broke off its request: no one to answer or retry for, and nothing the target did wrong
            callback.failed(failure);
            return;
        }
        Member failed = exchange.member();
        if (retryable(exchange, clientToProxy, proxyToClient, failure)) {
            Member other = exchange.group().acquire(failed);
            if (other != null) {
                // the target may have sent its status line before it died: nothing of it reached the client
                proxyToClient.reset();
                LOG.debug("{} {} failed on {} ({}), retrying on {}", clientToProxy.getMethod(),
                        clientToProxy.getHttpURI().getPath(), failed.target().id(), failure.toString(),
                        other.target().id());
                exchange.retryOn(other);
                metrics.retry(exchange.group().name());
                super.handle(clientToProxy, proxyToClient, callback);
                return;
            }
        }
        if (proxyToClient.isCommitted()) {
            callback.failed(failure);
            return;
        }
        proxyToClient.reset();
        exchange.unanswered();
        String where = "target " + failed.target().id() + " of target group '" + exchange.group().name() + "'";
        if (failure instanceof TimeoutException) {
            Problems.write(proxyToClient, callback, 504, "target_timeout", where + " did not answer in time");
        } else {
            Problems.write(proxyToClient, callback, 502, "bad_gateway", where + " failed: " + failure);
        }
    }

    /**
     * Only a request of which the client has received nothing yet, that can safely run twice (GET, HEAD) and has no
     * body already consumed, is tried once more; a slow target (a timeout) is not.
     */
    private static boolean retryable(Exchange exchange, Request request, Response proxyToClient, Throwable failure) {
        String method = request.getMethod();
        return exchange.attempts() == 1
                && !proxyToClient.isCommitted()
                && !(failure instanceof TimeoutException)
                && (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method))
                && request.getLength() <= 0
                && request.getHeaders().get(HttpHeader.TRANSFER_ENCODING) == null;
    }
}
