package dev.bluegreen.platform.lb;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded application load balancer: named listeners, each forwarding to a target group (or to two by weight,
 * while traffic shifts) through one routing table. {@link #forward} replaces the whole table at once, which is how a
 * blue/green flip, and each step of a traffic shift, happens.
 */
public final class LoadBalancer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancer.class);
    /** The selectors run the requests; the pool's threads only run timers, accepts and health checks. */
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 4;
    private static final long CONNECTION_IDLE_TIMEOUT_MS = 30_000;
    private static final long STOP_TIMEOUT_MS = 2_000;
    private static final long HEALTH_CHECK_CONNECT_TIMEOUT_MS = 2_000;
    private static final int SELECTORS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final Server server;
    private final BalancingProxy proxy;
    /** The target groups' health checks (requests themselves go through the proxy's own connections). */
    private final HttpClient checks;
    private final LbMetrics metrics;
    private final ScheduledExecutorService healthChecks;
    private final Map<String, TargetGroup> groups = new ConcurrentHashMap<>();
    private final Map<String, ListenerConfig> listeners = new ConcurrentHashMap<>();
    private final Map<String, ServerConnector> connectors = new ConcurrentHashMap<>();
    /** Immutable; one read per request, so every request sees either the old table or the new one. */
    private final AtomicReference<Map<String, ListenerRoute>> routes = new AtomicReference<>(Map.of());
    private boolean closed;

    public LoadBalancer(MeterRegistry registry) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("lb");
        server = new Server(threads);
        server.setStopTimeout(STOP_TIMEOUT_MS);
        metrics = new LbMetrics(registry);
        proxy = new BalancingProxy(listeners::get, routes::get, metrics);
        ClientConnector checksConnector = new ClientConnector();
        checksConnector.setSelectors(1);
        checks = new HttpClient(new HttpClientTransportOverHTTP(checksConnector));
        checks.setUserAgentField(null);
        checks.setConnectTimeout(HEALTH_CHECK_CONNECT_TIMEOUT_MS);
        server.addBean(checks);
        healthChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lb-health-checks");
            thread.setDaemon(true);
            return thread;
        });
        try {
            server.start();
        } catch (Exception e) {
            healthChecks.shutdownNow();
            throw new IllegalStateException("the load balancer did not start", e);
        }
    }

    /**
     * The target group of that name, created with these settings if it does not exist yet. Asking for an existing
     * group with other settings is a mistake in the caller, not a silent reconfiguration: it throws.
     */
    public TargetGroup targetGroup(String name, HealthCheck check, Duration deregistrationDelay) {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(deregistrationDelay, "deregistrationDelay");
        TargetGroup group = groups.computeIfAbsent(name, key -> new TargetGroup(key, check, deregistrationDelay,
                checks, healthChecks));
        if (!group.healthCheck().equals(check) || !group.deregistrationDelay().equals(deregistrationDelay)) {
            throw new IllegalArgumentException("target group " + name + " exists with other settings: "
                    + group.healthCheck() + ", deregistration delay " + group.deregistrationDelay());
        }
        return group;
    }

    /** Opens a listener on host:port (0 for a free port) that only lets in clients the predicate accepts. */
    public int listen(String listenerName, String host, int port, Predicate<InetAddress> allowClient) {
        return listen(listenerName, host, port, allowClient, ClientLimits.DEFAULTS);
    }

    /** {@link #listen(String, String, int, Predicate)} with these limits for slow and numerous clients. */
    public synchronized int listen(String listenerName, String host, int port, Predicate<InetAddress> allowClient,
                                   ClientLimits limits) {
        Objects.requireNonNull(limits, "limits");
        if (closed) {
            throw new IllegalStateException("the load balancer is closed");
        }
        Objects.requireNonNull(host, "host: a listener binds one address, 127.0.0.1 unless told otherwise");
        if (connectors.containsKey(listenerName)) {
            throw new IllegalArgumentException("listener " + listenerName + " is already open");
        }
        // a selector per core: each runs its clients' requests to the end, targets included (see TargetPool), as
        // nginx runs a worker per core; one selector left a core idle while its thread waited for the CPU
        ServerConnector connector = new ServerConnector(server, 1, SELECTORS, new ListenerProtocol(proxy));
        connector.setName(listenerName);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(CONNECTION_IDLE_TIMEOUT_MS);
        ListenerConnectionLimit connections = limit(connector, limits);
        Objects.requireNonNull(allowClient, "allowClient");
        listeners.put(listenerName, new ListenerConfig(listenerName, allowClient));
        try {
            // added to a running server the connector is not managed by it: started and stopped here
            server.addConnector(connector);
            connector.start();
        } catch (Exception e) {
            listeners.remove(listenerName);
            server.removeConnector(connector);
            throw new IllegalStateException("listener " + listenerName + " could not open " + host + ":" + port, e);
        }
        connectors.put(listenerName, connector);
        metrics.openConnections(listenerName, connections::getNetworkConnectionCount);
        LOG.info("listener {} on {}:{}", listenerName, host, connector.getLocalPort());
        return connector.getLocalPort();
    }

    /**
     * Jetty's connection limit and our header deadline, as beans of the connector: started and stopped with it (a
     * connection limit must be a bean before the connector starts, to hear of its accepts).
     */
    private ListenerConnectionLimit limit(ServerConnector connector, ClientLimits limits) {
        LbMetrics.ListenerMeters meters = metrics.listenerMeters(connector.getName());
        ListenerConnectionLimit connections = new ListenerConnectionLimit(limits.maxConnections(), connector,
                meters.limitReached()::increment, meters.refusedAtLimit()::increment);
        connector.addBean(connections);
        connector.addBean(new HeaderDeadline(connector, limits.headerTimeout(), meters.headerTimeouts()::increment));
        return connections;
    }

    /** The port a listener is bound to. */
    public int port(String listenerName) {
        ServerConnector connector = connectors.get(listenerName);
        if (connector == null) {
            throw new IllegalArgumentException("no listener " + listenerName);
        }
        return connector.getLocalPort();
    }

    /** {@link #forward} with every listener forwarding to one target group (listener name to group name). */
    public void route(Map<String, String> table) {
        Map<String, Forward> forwards = new HashMap<>();
        table.forEach((listener, group) -> forwards.put(listener, Forward.to(group)));
        forward(forwards);
    }

    /**
     * Replaces the whole routing table (listener name to what it does with its requests) in one step: the next
     * request on every connection follows the new table, requests already dispatched finish on their target. A
     * listener whose forward stays as it was keeps its count of requests, so a split stays exact across tables.
     */
    public synchronized void forward(Map<String, Forward> table) {
        Map<String, ListenerRoute> previous = routes.get();
        Map<String, ListenerRoute> next = new HashMap<>();
        table.forEach((listener, forward) -> {
            ListenerRoute kept = previous.get(listener);
            next.put(listener, kept != null && kept.forward().equals(forward) ? kept
                    : new ListenerRoute(forward, group(forward.group()),
                    forward.isSplit() ? group(forward.shiftedTo()) : null));
        });
        routes.set(Map.copyOf(next));
        table.forEach((listener, forward) -> forward.weights().keySet().forEach(group ->
                metrics.weight(listener, group, () -> weight(listener, group))));
        LOG.debug("routes {}", table);
    }

    private TargetGroup group(String name) {
        TargetGroup group = groups.get(name);
        if (group == null) {
            throw new IllegalArgumentException("no target group " + name);
        }
        return group;
    }

    /** The percent of a listener's requests that go to a target group now. */
    private int weight(String listener, String group) {
        ListenerRoute route = routes.get().get(listener);
        return route == null ? 0 : route.forward().weights().getOrDefault(group, 0);
    }

    /** Whether the group exists and has a target that may receive requests now. */
    public boolean hasHealthyTarget(String group) {
        TargetGroup found = groups.get(group);
        return found != null && !found.healthy().isEmpty();
    }

    /** Which target group each listener forwards to (the one it keeps while a share of it shifts elsewhere). */
    public Map<String, String> routes() {
        Map<String, String> table = new HashMap<>();
        routes.get().forEach((listener, route) -> table.put(listener, route.forward().group()));
        return Map.copyOf(table);
    }

    /** What each listener does with its requests now. */
    public Map<String, Forward> forwards() {
        Map<String, Forward> table = new HashMap<>();
        routes.get().forEach((listener, route) -> table.put(listener, route.forward()));
        return Map.copyOf(table);
    }

    public List<String> listeners() {
        return List.copyOf(connectors.keySet());
    }

    /**
     * One target group's traffic over an interval: the requests answered for it (503s for want of a healthy target
     * included), how many of them were 5xx, their 99th percentile latency in milliseconds (NaN with no request) and
     * the clients that went away before their response was complete (not among the requests if the target had not
     * answered yet).
     */
    public record Traffic(long requests, long serverErrors, double p99Millis, long clientAborts) {
        static final Traffic NONE = new Traffic(0, 0, Double.NaN, 0);
    }

    /**
     * Every target group's traffic since the previous call, by group name: reading starts the next interval, so
     * this is for one reader at a steady pace (the dashboard's traffic history samples it every second).
     */
    public Map<String, Traffic> takeTraffic() {
        Map<String, Traffic> taken = new TreeMap<>();
        for (String group : groups.keySet()) {
            taken.put(group, metrics.takeInterval(group));
        }
        return taken;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        groups.values().forEach(TargetGroup::close);
        connectors.values().forEach(proxy::closePools);
        healthChecks.shutdownNow();
        for (ServerConnector connector : connectors.values()) {
            try {
                connector.stop();
            } catch (Exception e) {
                LOG.warn("listener {} did not stop cleanly: {}", connector.getName(), e.toString());
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the load balancer did not stop cleanly: {}", e.toString());
        }
    }
}
