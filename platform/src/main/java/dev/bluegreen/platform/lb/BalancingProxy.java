package dev.bluegreen.platform.lb;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load balancer's handling of a request: the routing table is read once per request, when it is dispatched, and
 * the target group chosen then (by weight while traffic shifts) is the request's to the end, retry included; so a
 * flip or a shift step applies to the next request of every connection while requests in flight finish where they
 * started. Jetty parses the client's request and frames the answer to it; the trip to the target and back is a
 * {@link Relay} on a connection of the listener selector's own {@link TargetPool}. What is counted for a target
 * group is the target's doing: its status and its time to answer; a client that goes away is counted apart, as a
 * client abort.
 */
final class BalancingProxy extends Handler.Abstract.NonBlocking implements Relay.Failures {

    private static final Logger LOG = LoggerFactory.getLogger(BalancingProxy.class);
    private static final String POOL = TargetPool.class.getName();

    private final Function<String, ListenerConfig> listeners;
    private final Supplier<Map<String, ListenerRoute>> routes;
    private final LbMetrics metrics;
    private final Map<ManagedSelector, TargetPool> pools = new ConcurrentHashMap<>();

    BalancingProxy(Function<String, ListenerConfig> listeners, Supplier<Map<String, ListenerRoute>> routes,
                   LbMetrics metrics) {
        this.listeners = listeners;
        this.routes = routes;
        this.metrics = metrics;
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

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        };
        TargetPool pool = pool(request);
        pool.lock.lock();
        try {
            new Relay(pool, this, request, toClient, done, exchange).start();
        } catch (RuntimeException e) {
            // through our callback, so the target's count of requests in flight (which a drain waits on) drops
            done.failed(e);
        } finally {
            pool.lock.unlock();
        }
        return true;
    }

    /** The pool of the selector the client's connection is on: found once per connection, then kept on it. */
    private TargetPool pool(Request request) {
        ConnectionMetaData connection = request.getConnectionMetaData();
        TargetPool pool = (TargetPool) connection.getAttribute(POOL);
        if (pool == null) {
            ManagedSelector selector = selectorOf(connection);
            pool = pools.computeIfAbsent(selector, key -> new TargetPool(key, request.getComponents().getScheduler()));
            connection.setAttribute(POOL, pool);
        }
        return pool;
    }

    private static ManagedSelector selectorOf(ConnectionMetaData connection) {
        EndPoint endPoint = connection.getConnection().getEndPoint();
        SelectableChannel channel = ((SelectableChannelEndPoint) endPoint).getChannel();
        ServerConnector connector = (ServerConnector) connection.getConnector();
        for (ManagedSelector selector : connector.getSelectorManager().getBeans(ManagedSelector.class)) {
            if (channel.keyFor(selector.getSelector()) != null) {
                return selector;
            }
        }
        throw new IllegalStateException("no selector of listener " + connector.getName() + " has " + endPoint);
    }

    /** The listener's connections to targets close with it. */
    void closePools(ServerConnector connector) {
        for (ManagedSelector selector : connector.getSelectorManager().getBeans(ManagedSelector.class)) {
            TargetPool pool = pools.remove(selector);
            if (pool != null) {
                pool.close();
            }
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

    /** Under the relay's pool lock: tries once more elsewhere, or answers for the target, or gives up. */
    @Override
    public void targetFailed(Relay relay, Throwable failure) {
        Exchange exchange = relay.exchange;
        Response toClient = relay.response;
        if (exchange.clientGone()) {
            // the client broke off its request: no one to answer or retry for, and nothing the target did wrong
            relay.callback.failed(failure);
            return;
        }
        Member failed = exchange.member();
        if (retryable(exchange, relay.request, toClient, failure)) {
            Member other = exchange.group().acquire(failed);
            if (other != null) {
                // the target may have sent its status line before it died: nothing of it reached the client
                toClient.reset();
                LOG.debug("{} {} failed on {} ({}), retrying on {}", relay.request.getMethod(),
                        relay.request.getHttpURI().getPath(), failed.target().id(), failure.toString(),
                        other.target().id());
                exchange.retryOn(other);
                metrics.retry(exchange.group().name());
                relay.retry().start();
                return;
            }
        }
        if (toClient.isCommitted()) {
            relay.callback.failed(failure);
            return;
        }
        toClient.reset();
        exchange.unanswered();
        String where = "target " + failed.target().id() + " of target group '" + exchange.group().name() + "'";
        if (failure instanceof TimeoutException) {
            Problems.write(toClient, relay.callback, 504, "target_timeout", where + " did not answer in time");
        } else {
            Problems.write(toClient, relay.callback, 502, "bad_gateway", where + " failed: " + failure);
        }
    }

    /**
     * Only a request of which the client has received nothing yet, that can safely run twice (GET, HEAD) and has no
     * body, is tried once more; a slow target (a timeout) is not.
     */
    private static boolean retryable(Exchange exchange, Request request, Response toClient, Throwable failure) {
        String method = request.getMethod();
        return exchange.attempts() == 1
                && !toClient.isCommitted()
                && !(failure instanceof TimeoutException)
                && (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method))
                && RequestHead.bodyFraming(request) == 0;
    }
}
