package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.platform.control.ControlApi;
import dev.bluegreen.platform.control.GatedControlPlane;
import dev.bluegreen.platform.control.Token;
import dev.bluegreen.platform.dashboard.TrafficHistory;
import dev.bluegreen.platform.flip.LocalTrafficSwitch;
import dev.bluegreen.platform.lb.Forward;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.lb.TargetGroup;
import dev.bluegreen.platform.pipeline.Pipeline;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import dev.bluegreen.platform.tasks.Orphan;
import dev.bluegreen.platform.tasks.Supervisor;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime in one process, wired as the seed's ALB, ECS services, pipeline and flip Lambda are: the state
 * store, the load balancer, the task supervisor, the pipeline and the control API. This class only wires them and
 * runs their lifecycle; what they do is theirs. Start it with {@link #start}, stop it with {@link #close()} (or ask
 * it to stop through the control API: {@link #shutdownRequested()}).
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);

    private final PlatformConfig config;
    private final String version;
    private final Clock clock;
    private final Instant startedAt;
    private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
    private final CompletableFuture<String> shutdownRequested = new CompletableFuture<>();
    private final GatedControlPlane controlPlane = new GatedControlPlane();
    private final PlatformStore store;
    private final EventLog events;
    private final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    private RunningPlatform running;
    private boolean firstStart;
    private boolean closed;

    private LocalPlatform(PlatformConfig config, String version, Clock clock) {
        this.config = config;
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.instant();
        DataDir.prepare(config.dataDir());
        closeInReverse.push(DataDirLock.acquire(config.dataDir()));
        this.store = PlatformStore.open(config.stateFile());
        closeInReverse.push(store);
        this.events = new EventLog(store, clock);
    }

    /**
     * Starts everything: restores the stored routing (or writes the seed's first one), stops tasks a killed
     * platform left behind, opens the listeners and starts the services' tasks. Returns without waiting for tasks
     * to turn healthy (see {@link #awaitServing}).
     *
     * @throws PlatformException when a port is taken, the data directory is locked or unusable
     */
    public static LocalPlatform start(PlatformConfig config, TaskDefinitions definitions, String version,
                                      Clock clock) {
        LocalPlatform platform = new LocalPlatform(config, version, clock);
        try {
            platform.wire(definitions);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void wire(TaskDefinitions definitions) {
        TrafficHistory traffic = new TrafficHistory(clock);
        ServiceHost control = startControl(traffic);
        closeInReverse.push(control);
        MeterRegistry metrics = control.metrics().registry();
        firstStart = FirstStart.seedOrUpdate(store, config, clock);
        PipelineWiring pipelineWiring = PipelineWiring.open(config, store);
        closeInReverse.push(pipelineWiring);

        LoadBalancer lb = new LoadBalancer(metrics);
        closeInReverse.push(lb);
        closeInReverse.push(traffic.sampleEverySecond(lb::takeTraffic, () -> Optional.ofNullable(lb.forwards()
                .get(Topology.PROD)).map(Forward::weights).orElse(Map.of())));
        for (String group : Topology.GROUPS) {
            groups.put(group, lb.targetGroup(group, config.healthCheck(), config.deregistrationDelay()));
        }
        Deploying deploying = new Deploying();
        LocalTrafficSwitch trafficSwitch = new LocalTrafficSwitch(store, lb, metrics, deploying,
                config.stickiness());
        trafficSwitch.restore();
        Map<String, URI> listeners = new Listeners(lb, config).open();
        URI apiListener = listeners.get(Topology.API);

        TaskRegistration registration = new TaskRegistration(key -> groups.get(serviceGroup(Revisions.service(key))),
                events, ServiceSettings.LOOPBACK, metrics); // tasks bind loopback whatever the listeners bind
        Supervisor supervisor = new Supervisor(config.dataDir(), registration, clock);
        closeInReverse.push(supervisor);
        stopOrphans(supervisor);
        for (ServiceRecord service : store.services()) {
            supervisor.run(Revisions.key(service), definitions.forService(service, apiListener),
                    service.desiredCount());
        }

        // a side scaled up before production moves to it may take as long to be healthy as a new build's tasks
        LocalCapacity capacity = new LocalCapacity(store, groups, supervisor, events, FirstStart.counts(store,
                config), config.pipeline().deployTimeout(), clock);
        Flipper flipper = new Flipper(trafficSwitch, Topology.PAIR, clock, capacity);
        TestSideDeployer deployer = new TestSideDeployer(store, groups, supervisor, definitions, apiListener,
                Topology.PAIR, deploying, clock);
        LocalDeployments deployments = new LocalDeployments(deployer, capacity, flipper,
                config.pipeline().deployTimeout(), store::routing, group -> new GroupWatch(metrics, group));
        Pipeline pipeline = pipelineWiring.start(deployments, listeners.get(Topology.TEST), firstStart, metrics,
                clock, events);

        running = RunningPlatform.self(control.uri(), listeners);
        running.write(config.dataDir());
        closeInReverse.push(() -> RunningPlatform.remove(config.dataDir()));
        StatusReport status = new StatusReport(store, groups, supervisor, registration, running, config, version,
                startedAt, capacity.counts());
        controlPlane.open(new LocalControlPlane(store, flipper, capacity, pipeline, status, events,
                shutdownRequested));
        Routing routing = store.routing();
        events.record("platform", EventType.STARTED, firstStart ? "first start" : "restart",
                routing.forwardsTo(Topology.PROD).orElse("?"), routing.forwardsTo(Topology.TEST).orElse("?"));
    }

    private ServiceHost startControl(TrafficHistory traffic) {
        Token token;
        try {
            token = Token.loadOrCreate(config.tokenFile());
        } catch (IOException e) {
            throw new PlatformException("cannot read or create the control token " + config.tokenFile() + ": "
                    + e.getMessage(), e);
        }
        ServiceSettings settings = new ServiceSettings("bluegreen-platform", config.controlHost(),
                config.controlPort(), Duration.ofSeconds(2), version, "platform");
        try {
            return ControlApi.start(settings, controlPlane, token, traffic);
        } catch (RuntimeException e) {
            throw new PlatformException("the control API cannot listen on " + config.controlHost() + ":"
                    + config.controlPort() + " (in use? choose another with --control-port): " + e.getMessage(), e);
        }
    }

    private void stopOrphans(Supervisor supervisor) {
        List<Orphan> orphans = supervisor.cleanUpOrphans();
        if (!orphans.isEmpty()) {
            events.record("platform", EventType.ORPHANS, orphans.stream().map(o -> o.taskId() + " " + o.outcome())
                    .collect(Collectors.joining(", ")));
        }
    }

    private String serviceGroup(String service) {
        return store.service(service).map(ServiceRecord::targetGroup)
                .orElseThrow(() -> new IllegalStateException("no service " + service));
    }

    /** Waits until every service that should run has a healthy target; false when the time ran out. */
    public boolean awaitServing(Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (!serving()) {
            if (clock.instant().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private boolean serving() {
        return store.services().stream().filter(s -> s.desiredCount() > 0)
                .allMatch(s -> !groups.get(s.targetGroup()).healthy().isEmpty());
    }

    /** Whether the state was empty: the seed's layout was written, and an app repository of one's own is deployed. */
    public boolean firstStart() {
        return firstStart;
    }

    /** The listeners' base URLs, and the control API's. */
    public RunningPlatform endpoints() {
        return running;
    }

    /** Completes (with who asked) when a {@code down} asked the platform to stop. */
    public CompletableFuture<String> shutdownRequested() {
        return shutdownRequested;
    }

    /** Stops the control API, drains and stops every task, closes the listeners and the state. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        controlPlane.close();
        if (running != null) {
            events.record("platform", EventType.STOPPING);
        }
        while (!closeInReverse.isEmpty()) {
            try {
                closeInReverse.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
