package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.platform.bluegreen.BlueGreen;
import dev.bluegreen.platform.bluegreen.TrafficSwitch;
import dev.bluegreen.platform.control.ControlApi;
import dev.bluegreen.platform.control.ControlPlane;
import dev.bluegreen.platform.control.Token;
import dev.bluegreen.platform.dashboard.TrafficHistory;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.lb.TargetGroup;
import dev.bluegreen.platform.pipeline.BuildspecBuilder;
import dev.bluegreen.platform.pipeline.GitSource;
import dev.bluegreen.platform.pipeline.PipelineRunner;
import dev.bluegreen.platform.pipeline.build.BuildRunner;
import dev.bluegreen.platform.pipeline.source.AppRepository;
import dev.bluegreen.platform.pipeline.source.CommitWatcher;
import dev.bluegreen.platform.pipeline.source.SourceException;
import dev.bluegreen.platform.state.Event;
import dev.bluegreen.platform.state.Executions;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import dev.bluegreen.platform.tasks.Orphan;
import dev.bluegreen.platform.tasks.Supervisor;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
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
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime in one process: the state store, the load balancer, the task supervisor and the control API,
 * wired as the seed's ALB, ECS services and flip Lambda are. Start it with {@link #start}, stop it with
 * {@link #close()} (or ask it to stop through the control API: {@link #shutdownRequested()}).
 */
public final class LocalPlatform implements ControlPlane, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
    private static final BlueGreenPair PAIR = BlueGreenPair.LOCAL;
    private static final String LAST_COMMIT = "last-commit";

    private final PlatformConfig config;
    private final String version;
    private final Clock clock;
    private final Instant startedAt;
    private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
    private final CompletableFuture<String> shutdownRequested = new CompletableFuture<>();
    private final PlatformStore store;
    private final EventLog events;
    private LoadBalancer lb;
    private final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    private TaskRegistration registration;
    private PipelineRuntime pipelineRuntime;
    private PipelineRunner pipeline;
    private Supervisor supervisor;
    private BlueGreen blueGreen;
    private ServiceHost control;
    private RunningPlatform running;
    /** The control API answers from the start (so its port is taken at once), but 503 until everything is wired. */
    private volatile boolean ready;
    private boolean closed;

    private LocalPlatform(PlatformConfig config, String version, Clock clock) {
        this.config = config;
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.instant();
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new PlatformException("cannot create the data directory " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
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
        Token token = token();
        TrafficHistory traffic = new TrafficHistory(clock);
        control = startControl(token, traffic);
        closeInReverse.push(control);

        boolean firstStart = store.isEmpty();
        if (firstStart) {
            int web = config.webTasks() == null ? PlatformConfig.DEFAULT_WEB_TASKS : config.webTasks();
            int api = config.apiTasks() == null ? PlatformConfig.DEFAULT_API_TASKS : config.apiTasks();
            store.saveRouting(Topology.initialRouting(config.image()), Event.of(clock.instant(), "platform",
                    "created", "prod on blue (Code1), test on green (Code2), both running " + config.image()));
            for (ServiceRecord service : Topology.initialServices(config.image(), web, api)) {
                store.saveService(service, Event.of(clock.instant(), "platform", "service-created", service.name()
                        + ": " + service.desiredCount() + " task(s) of " + service.image() + " in target group "
                        + service.targetGroup()));
            }
        } else {
            applyRequestedCounts();
        }

        AppRepository repository = openAppRepository();
        lb = new LoadBalancer(control.metrics().registry());
        closeInReverse.push(lb);
        closeInReverse.push(traffic.sampleEverySecond(lb::takeTraffic));
        for (String group : Topology.GROUPS) {
            groups.put(group, lb.targetGroup(group, config.healthCheck(), config.deregistrationDelay()));
        }
        blueGreen = new BlueGreen(store, new LoadBalancerSwitch(lb, groups), PAIR, clock,
                control.metrics().registry());
        blueGreen.restore();
        Map<String, URI> listeners = new LinkedHashMap<>();
        listeners.put(Topology.PROD, listen(Topology.PROD, config.prodPort(), client -> true));
        listeners.put(Topology.TEST, listen(Topology.TEST, config.testPort(), this::allowedOnTest));
        listeners.put(Topology.API, listen(Topology.API, config.apiPort(), client -> true));

        // tasks bind loopback whatever the listeners bind
        registration = new TaskRegistration(key -> groups.get(serviceGroup(Revisions.service(key))), events,
                ServiceSettings.LOOPBACK, control.metrics().registry());
        supervisor = new Supervisor(config.dataDir(), registration, clock);
        closeInReverse.push(supervisor);
        List<Orphan> orphans = supervisor.cleanUpOrphans();
        if (!orphans.isEmpty()) {
            events.record("platform", "orphans", "tasks left by a platform that did not stop cleanly: "
                    + orphans.stream().map(o -> o.taskId() + " " + o.outcome()).collect(Collectors.joining(", ")));
        }
        for (ServiceRecord service : store.services()) {
            supervisor.run(Revisions.key(service), definitions.forService(service, listeners.get(Topology.API)),
                    service.desiredCount());
        }
        startPipeline(definitions, listeners.get(Topology.API), repository, watchedBranch(repository));

        running = RunningPlatform.self(control.uri(), listeners);
        running.write(config.dataDir());
        closeInReverse.push(() -> RunningPlatform.remove(config.dataDir()));
        ready = true;
        events.record("platform", "started", (firstStart ? "first start" : "restart") + ": prod on "
                + store.routing().forwardsTo(Topology.PROD).orElse("?") + ", test on "
                + store.routing().forwardsTo(Topology.TEST).orElse("?"));
    }

    /** The app repository, opened (or created from the sample app) before any task starts: a wrong one stops up. */
    private AppRepository openAppRepository() {
        PipelineConfig settings = config.pipeline();
        try {
            AppRepository repository = settings.appRepo() == null
                    ? AppRepository.openOrCreateFromSample(config.dataDir().resolve("app"))
                    : AppRepository.open(settings.appRepo());
            closeInReverse.push(repository);
            repository.head(watchedBranch(repository)); // an unknown branch stops the start, naming those there are
            return repository;
        } catch (SourceException e) {
            throw new PlatformException("the app repository: " + e.getMessage(), e);
        }
    }

    private String watchedBranch(AppRepository repository) {
        return config.pipeline().branch() != null ? config.pipeline().branch() : repository.branch();
    }

    /**
     * The pipeline and the commit watcher. A first
     * start only remembers the repository's head: both sides already run what it holds, so only new commits deploy.
     */
    private void startPipeline(TaskDefinitions definitions, URI apiListener, AppRepository repository,
                               String branch) {
        PipelineConfig settings = config.pipeline();
        Deployer deployer = new Deployer(store, groups, supervisor, definitions, apiListener, PAIR, clock);
        pipelineRuntime = new PipelineRuntime(store, deployer, blueGreen, PAIR, settings.deployTimeout(),
                () -> new ProductionWatch(control.metrics().registry(), store.routing().forwardsTo(Topology.PROD)
                        .orElseThrow()));
        BuildRunner builds = new BuildRunner();
        closeInReverse.push(builds);
        pipeline = new PipelineRunner(store, new GitSource(repository, branch), new BuildspecBuilder(builds,
                config.artifactsDir(), settings.buildTimeout()), pipelineRuntime, config.dataDir(),
                new PipelineRunner.Settings(settings.bake(), settings.reviewTimeout(), Duration.ofSeconds(1)),
                control.metrics().registry(), clock);
        closeInReverse.push(pipeline);
        pipeline.resume();
        String lastSeen = store.setting(LAST_COMMIT).orElseGet(() -> {
            String head = repository.head(branch).id();
            store.saveSetting(LAST_COMMIT, head);
            return head;
        });
        closeInReverse.push(CommitWatcher.start(repository, branch, lastSeen, commit -> {
            store.saveSetting(LAST_COMMIT, commit.id());
            pipeline.start(commit, commit.author().isBlank() ? "git" : commit.author());
        }));
        events.record("platform", "pipeline", "watching branch " + branch + " of " + repository.dir());
    }

    private Token token() {
        try {
            return Token.loadOrCreate(config.tokenFile());
        } catch (IOException e) {
            throw new PlatformException("cannot read or create the control token " + config.tokenFile() + ": "
                    + e.getMessage(), e);
        }
    }

    private ServiceHost startControl(Token token, TrafficHistory traffic) {
        ServiceSettings settings = new ServiceSettings("bluegreen-platform", config.host(), config.controlPort(),
                Duration.ofSeconds(2), version, "platform");
        try {
            return ControlApi.start(settings, this, token, traffic);
        } catch (RuntimeException e) {
            throw new PlatformException("the control API cannot listen on " + config.host() + ":"
                    + config.controlPort() + " (in use? choose another with --control-port): " + e.getMessage(), e);
        }
    }

    private URI listen(String listener, int port, Predicate<InetAddress> allow) {
        try {
            int bound = lb.listen(listener, config.host(), port, allow);
            return URI.create("http://" + reachableHost() + ":" + bound);
        } catch (IllegalStateException e) {
            throw new PlatformException("listener " + listener + " cannot listen on " + config.host() + ":" + port
                    + " (in use? choose another with --" + listener + "-port)", e);
        }
    }

    /** Where a listener bound to every address is reached from this machine. */
    private String reachableHost() {
        return config.host().equals("0.0.0.0") || config.host().equals("::") ? ServiceSettings.LOOPBACK
                : config.host();
    }

    private boolean allowedOnTest(InetAddress client) {
        return config.testAllow().stream().anyMatch(range -> range.test(client));
    }

    /** Counts given on the command line at a restart replace the stored ones, as a scale would. */
    private void applyRequestedCounts() {
        for (ServiceRecord service : store.services()) {
            Integer requested = Topology.isWeb(service) ? config.webTasks() : config.apiTasks();
            if (requested != null && requested != service.desiredCount()) {
                store.saveService(service.withDesiredCount(requested), Event.of(clock.instant(), "platform", "scale",
                        service.name() + ": " + service.desiredCount() + " -> " + requested + " task(s), as given "
                                + "at start"));
            }
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

    /** The listeners' base URLs, and the control API's. */
    public RunningPlatform endpoints() {
        return running;
    }

    /** Completes (with who asked) when a {@code down} asked the platform to stop. */
    public CompletableFuture<String> shutdownRequested() {
        return shutdownRequested;
    }

    @Override
    public Map<String, Object> status() {
        requireReady();
        return new StatusReport(store, groups, supervisor, registration, running, config).build(version, startedAt,
                blueGreen.rollbackTarget());
    }

    @Override
    public Outcome flip(String actor) {
        requireReady();
        return whileNotDeploying("flip").orElseGet(() -> outcome(blueGreen.flip(actor)));
    }

    @Override
    public Outcome rollback(String actor) {
        requireReady();
        return whileNotDeploying("roll back").orElseGet(() -> outcome(blueGreen.rollback(actor)));
    }

    /** A refusal while a build replaces the test side's tasks: promoting it then would promote half of it. */
    private Optional<Outcome> whileNotDeploying(String what) {
        String deploying = pipelineRuntime.deploying();
        return deploying == null ? Optional.empty() : Optional.of(new Outcome(false, "build " + deploying
                + " is being deployed to the test side; " + what + " once it is done (or has failed)", Map.of()));
    }

    private Outcome outcome(BlueGreen.Outcome done) {
        LOG.info("{}", done.message());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("prod", store.routing().forwardsTo(Topology.PROD).orElse(null));
        details.put("test", store.routing().forwardsTo(Topology.TEST).orElse(null));
        return new Outcome(done.done(), done.message(), details);
    }

    @Override
    public synchronized Outcome scale(String service, int count, String actor) {
        requireReady();
        ServiceRecord record = store.service(service).orElseThrow(() -> new IllegalArgumentException(
                "no service '" + service + "'; the services are " + store.services().stream()
                        .map(ServiceRecord::name).collect(Collectors.joining(", "))));
        Map<String, Object> details = Map.of("service", service, "desiredCount", count);
        if (count == 0 && servesProduction(record)) {
            return new Outcome(false, service + " serves production (listener " + (Topology.isWeb(record)
                    ? Topology.PROD : Topology.API) + "): scaling it to 0 would take production down"
                    + (Topology.isWeb(record) ? "; flip first" : ""), details);
        }
        if (record.desiredCount() == count) {
            return new Outcome(true, service + " already runs " + count + " task(s)", details);
        }
        String message = service + ": " + record.desiredCount() + " -> " + count + " task(s)";
        store.saveService(record.withDesiredCount(count), Event.of(clock.instant(), actor, "scale", message));
        supervisor.scale(Revisions.key(record), count);
        LOG.info("scale ({}): {}", actor, message);
        return new Outcome(true, message, details);
    }

    private boolean servesProduction(ServiceRecord service) {
        return !Topology.isWeb(service)
                || store.routing().forwardsTo(Topology.PROD).filter(service.targetGroup()::equals).isPresent();
    }

    @Override
    public Outcome shutdown(String actor) {
        requireReady();
        events.record(actor, "shutdown-requested", "stopping every service and the platform");
        shutdownRequested.complete(actor);
        return new Outcome(true, "stopping every service and the platform", Map.of());
    }

    @Override
    public List<Map<String, Object>> executions(int limit) {
        requireReady();
        return store.executions(limit).stream().map(Executions::view).toList();
    }

    @Override
    public Optional<Map<String, Object>> execution(long id) {
        requireReady();
        return store.execution(id).map(Executions::view);
    }

    @Override
    public Optional<String> buildLog(long id) {
        requireReady();
        return pipeline.buildLog(id);
    }

    @Override
    public Outcome deploy(String ref, String actor) {
        requireReady();
        return answer(pipeline.start(ref, actor));
    }

    @Override
    public Outcome approve(long id, String tag, String actor) {
        requireReady();
        return answer(pipeline.approve(id, tag, actor));
    }

    @Override
    public Outcome reject(long id, String reason, String actor) {
        requireReady();
        return answer(pipeline.reject(id, reason, actor));
    }

    private static Outcome answer(PipelineRunner.Answer answer) {
        return new Outcome(answer.done(), answer.message(), answer.execution() == null ? Map.of()
                : Map.of("execution", answer.execution()));
    }

    private void requireReady() {
        if (!ready) {
            throw new IllegalStateException("the platform is starting or stopping; try again in a moment");
        }
    }

    /** Stops the control API, drains and stops every task, closes the listeners and the state. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        if (running != null) {
            events.record("platform", "stopping", "draining and stopping every task, then the listeners");
        }
        while (!closeInReverse.isEmpty()) {
            try {
                closeInReverse.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }

    /** The load balancer as the blue/green logic sees it. */
    private record LoadBalancerSwitch(LoadBalancer lb, Map<String, TargetGroup> groups) implements TrafficSwitch {
        @Override
        public void route(Map<String, String> listenerToGroup) {
            lb.route(listenerToGroup);
        }

        @Override
        public boolean hasHealthyTarget(String group) {
            TargetGroup found = groups.get(group);
            return found != null && !found.healthy().isEmpty();
        }
    }
}
