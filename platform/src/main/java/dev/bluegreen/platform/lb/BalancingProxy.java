package dev.bluegreen.platform.lb;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load balancer's handling of a request: the routing table is read once per request, when it is dispatched, and
 * the target group chosen then (by weight while traffic shifts) is the request's to the end, retry included; so a
 * flip or a shift step applies to the next request of every connection while requests in flight finish where they
 * started. The client's connection ({@link ClientConnection}) reads the request and writes the answer; the trip to
 * the target and back is a {@link Relay} on a connection of the same selector's {@link TargetPool}. What is counted
 * for a target group is the target's doing: its status and its time to answer; a client that goes away is counted
 * apart, as a client abort.
 */
final class BalancingProxy implements ClientConnection.Requests, Relay.Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(BalancingProxy.class);

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

    /** Under the client connection's pool lock. */
    @Override
    public void dispatch(ClientConnection client, ClientRequest request) {
        long start = System.nanoTime();
        String listenerName = client.listener;
        ListenerConfig listener = listeners.apply(listenerName);
        if (listener == null) {
            // a listener closing while a request arrives on it
            answer(client, listenerName, null, start, 503, "no_listener", "listener '" + listenerName + "' is closed");
            return;
        }
        InetAddress address = client.remote;
        if (address == null || !listener.allowClient().test(address)) {
            answer(client, listenerName, null, start, 403, "forbidden",
                    "client " + (address == null ? "unknown" : address.getHostAddress())
                            + " is not allowed on listener '" + listenerName + "'");
            return;
        }
        ListenerRoute route = routes.get().get(listenerName);
        if (route == null) {
            answer(client, listenerName, null, start, 503, "no_route",
                    "listener '" + listenerName + "' forwards to no target group");
            return;
        }
        ListenerRoute.Choice choice = route.choose(request.side());
        TargetGroup group = choice.group();
        Member member = group.acquire(null);
        if (member == null) {
            answer(client, listenerName, group, start, 503, "no_healthy_target",
                    "target group '" + group.name() + "' has no healthy target");
            return;
        }
        Exchange exchange = new Exchange(listenerName, group, member, start, choice.setCookie());
        Callback done = new Callback() {
            @Override
            public void succeeded() {
                finish(exchange, exchange.status());
                client.requestDone();
            }

            @Override
            public void failed(Throwable failure) {
                finish(exchange, 502);
                client.abort();
            }

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        };
        try {
            new Relay(client.pool, this, client, request, done, exchange).start();
        } catch (RuntimeException e) {
            // through our callback, so the target's count of requests in flight (which a drain waits on) drops
            LOG.warn("{} on listener {} failed: {}", request.describe(), listenerName, e.toString());
            done.failed(e);
        }
    }

    /** The pool of a listener selector: its connections to targets, and the buffers of its reads. */
    TargetPool pool(ManagedSelector selector, Scheduler scheduler) {
        return pools.computeIfAbsent(selector, key -> new TargetPool(key, scheduler));
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

    private void answer(ClientConnection client, String listener, TargetGroup group, long start, int status,
                        String error, String message) {
        metrics.listener(listener, status);
        if (group != null) {
            metrics.group(group.name(), status, System.nanoTime() - start);
        }
        client.answer(status, error, message, Callback.from(Callback.InvocationType.NON_BLOCKING,
                client::requestDone, failure -> client.abort()));
    }

    /** The answer's first bytes go to the client: the request is counted now, whatever the client does next. */
    @Override
    public void answering(Relay relay) {
        count(relay.exchange, relay.exchange.status());
    }

    /** Under the relay's pool lock: tries once more elsewhere, or answers for the target, or gives up. */
    @Override
    public void targetFailed(Relay relay, Throwable failure) {
        Exchange exchange = relay.exchange;
        if (exchange.clientGone()) {
            // the client broke off its request: no one to answer or retry for, and nothing the target did wrong
            relay.callback.failed(failure);
            return;
        }
        Member failed = exchange.member();
        if (retryable(exchange, relay, failure)) {
            Member other = exchange.group().acquire(failed);
            if (other != null) {
                // the target may have sent its status line before it died: nothing of it reached the client
                LOG.debug("{} failed on {} ({}), retrying on {}", relay.request.describe(), failed.target().id(),
                        failure.toString(), other.target().id());
                exchange.retryOn(other);
                metrics.retry(exchange.group().name());
                relay.retry().start();
                return;
            }
        }
        if (relay.committed()) {
            relay.callback.failed(failure);
            return;
        }
        String where = "target " + failed.target().id() + " of target group '" + exchange.group().name() + "'";
        boolean timeout = failure instanceof TimeoutException;
        exchange.answeredFor(timeout ? 504 : 502);
        // counted before it is written: whoever reads the answer sees it counted
        count(exchange, exchange.status());
        relay.client.answer(exchange.status(), timeout ? "target_timeout" : "bad_gateway",
                where + (timeout ? " did not answer in time" : " failed: " + failure), relay.callback);
    }

    /**
     * Only a request of which the client has received nothing yet, that can safely run twice (GET, HEAD) and has no
     * body, is tried once more; a slow target (a timeout) is not.
     */
    private static boolean retryable(Exchange exchange, Relay relay, Throwable failure) {
        return exchange.attempts() == 1
                && !relay.committed()
                && !(failure instanceof TimeoutException)
                && relay.request.safe()
                && relay.request.framing() == 0;
    }
}
