package dev.bluegreen.cli.up;

import dev.bluegreen.cli.BuildInfo;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.movies.loader.AwsSample;
import dev.bluegreen.movies.loader.LoadProgress;
import dev.bluegreen.movies.loader.LoadReport;
import dev.bluegreen.movies.loader.Loader;
import dev.bluegreen.movies.loader.MovieSource;
import dev.bluegreen.movies.sqlite.SqliteMovieStore;
import dev.bluegreen.platform.control.ControlApi;
import dev.bluegreen.platform.lb.Cidr;
import dev.bluegreen.platform.runtime.DataDir;
import dev.bluegreen.platform.runtime.LocalPlatform;
import dev.bluegreen.platform.runtime.PlatformConfig;
import dev.bluegreen.platform.runtime.PlatformException;
import dev.bluegreen.platform.runtime.RunningPlatform;
import dev.bluegreen.platform.runtime.Topology;
import dev.bluegreen.web.site.Site;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The seed's blue/green system on this machine: the movies loaded into SQLite, then one platform process with the
 * load balancer (prod, test and API listeners), the supervised services (web-blue, web-green, api) and the control
 * API. Runs until Ctrl-C or {@code bluegreen down}.
 */
@Command(name = "up", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Run the blue/green Movies system on this machine.",
        footer = {"", "Examples:",
                "  bluegreen up                                 prod on :8000, test on :8080, control on :9000",
                "  bluegreen up --aws-sample                    with AWS's 4,609 sample movies",
                "  bluegreen up --prod-port 80 --test-allow 192.168.1.0/24 --host 0.0.0.0",
                "      prod and test from the LAN; the control API stays on 127.0.0.1",
                "  bluegreen up --app-repo ~/movies-app         your own app: on the first start its head is",
                "      built, checked and deployed to both sides; later commits go through review",
                "  bluegreen up --prod-tasks 3 --idle-tasks 1   production's web side at 3 tasks, the test side at 1",
                "  bluegreen up --stickiness 1h                 while traffic shifts, a client keeps its side for 1 h",
                "  bluegreen up --control-host 0.0.0.0",
                "      the dashboard from the LAN too: every request then needs the token,",
                "      which plain HTTP carries unencrypted (use it on a network you trust)",
                "Then, in another terminal: bluegreen status | flip | rollback | scale SERVICE N | logs SERVICE"
                        + " | down",
                "", "Every option can also be set in bluegreen.properties in the working directory (or the file",
                "named by $BLUEGREEN_CONFIG), keyed by its name without dashes: prod-port=80"})
public final class UpCommand implements Callable<Integer> {

    private static final Duration SERVING_TIMEOUT = Duration.ofSeconds(90);

    @Spec
    CommandSpec spec;

    @Mixin
    HealthOptions health;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    ClientLimitOptions clientLimits;

    @Mixin
    TaskCountOptions tasks;

    @Mixin
    StickinessOption stickiness;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".bluegreen",
            description = "movies DB, platform state, token, logs (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address the prod, test and API listeners bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--control-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address the control API and dashboard bind, whatever --host says (default: "
                    + "${DEFAULT-VALUE}); beyond loopback, every request to it needs the token")
    String controlHost;

    @Option(names = "--prod-port", paramLabel = "PORT", defaultValue = "8000",
            description = "production listener (the seed's 80; default: ${DEFAULT-VALUE})")
    int prodPort;

    @Option(names = "--test-port", paramLabel = "PORT", defaultValue = "8080",
            description = "test listener (default: ${DEFAULT-VALUE})")
    int testPort;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "5000",
            description = "API listener, through which web tasks reach the API tasks (default: ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "9000",
            description = "control API (status, flip, rollback, scale; default: ${DEFAULT-VALUE})")
    int controlPort;

    @Option(names = "--test-allow", paramLabel = "CIDR", split = ",", defaultValue = "127.0.0.0/8,::1/128",
            description = "clients allowed on the test listener; others get 403 (default: ${DEFAULT-VALUE})")
    List<String> testAllow;

    @Option(names = "--movies", paramLabel = "FILE", description = "load these movies (default: the starter set, "
            + "loaded when the database is new)")
    Path movies;

    @Option(names = "--aws-sample", description = "load AWS's 4,609 sample movies (downloaded once, cached)")
    boolean awsSample;

    @Option(names = "--site", paramLabel = "DIR", description = "the web front end's site directory")
    Path site;

    @Override
    public Integer call() throws Exception {
        ConfigFile.checkKeys(spec);
        PlatformConfig config = config();
        RunningPlatform.find(dataDir).ifPresent(running -> {
            throw new UserError("bluegreen is already running with the data directory " + dataDir + " (pid "
                    + running.pid() + ", control " + running.control() + "); see 'bluegreen status', or stop it "
                    + "with 'bluegreen down'");
        });
        DataDir.prepare(dataDir); // before the movies go in: a directory made here is the platform's own
        Path db = dataDir.resolve("movies.db");
        long count = load(db);

        System.out.println("Starting the platform...");
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(config, new ServiceTasks(db, site, config.artifactsDir()), BuildInfo.version(),
                    Clock.systemUTC());
        } catch (PlatformException e) {
            throw new UserError(e.getMessage());
        }
        if (ControlApi.readsNeedToken(controlHost)) {
            System.out.println("Note: the control API listens on " + platform.endpoints().control() + ", beyond this "
                    + "machine: every request to it, reads included, needs the token, which plain HTTP carries "
                    + "unencrypted.");
        }
        // Ctrl-C or SIGTERM: drain and stop every task before the JVM goes
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "up-shutdown"));

        boolean serving = platform.awaitServing(SERVING_TIMEOUT);
        printBanner(platform.endpoints(), db, count, serving, platform.firstStart() && pipeline.appRepo != null);
        String who = platform.shutdownRequested().join();
        System.out.println("Stopping (asked by " + who + ")...");
        platform.close();
        System.out.println("Stopped.");
        return 0;
    }

    private PlatformConfig config() {
        List<Integer> ports = List.of(prodPort, testPort, apiPort, controlPort);
        for (int port : ports) {
            if (port < 0 || port > 65_535) {
                throw new UserError("ports must be between 0 and 65535, got " + port);
            }
        }
        List<Integer> fixed = ports.stream().filter(p -> p != 0).toList();
        if (new HashSet<>(fixed).size() != fixed.size()) {
            throw new UserError("the prod, test, API and control ports must differ, got " + ports);
        }
        if (movies != null && awsSample) {
            throw new UserError("give either --movies or --aws-sample, not both");
        }
        List<Cidr> allowed = new ArrayList<>();
        for (String range : testAllow) {
            try {
                allowed.add(Cidr.parse(range.strip()));
            } catch (IllegalArgumentException e) {
                throw new UserError("--test-allow: " + e.getMessage());
            }
        }
        String image = Site.load(site).properties().versionLabel();
        try {
            return new PlatformConfig(dataDir, host, controlHost, prodPort, testPort, apiPort, controlPort, allowed,
                    tasks.prod(), tasks.idle(), tasks.api(), image, health.healthCheck(), health.deregistrationDelay(),
                    pipeline.config(), clientLimits.limits(), stickiness.duration());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Loads what was asked for; with nothing asked, the starter set into a new database only. */
    private long load(Path db) {
        boolean fresh = !Files.exists(db);
        MovieSource source = awsSample
                ? MovieSource.file(new AwsSample(AwsSample.DEFAULT_URL, AwsSample.defaultCacheDir(),
                        System.err::println).fetch())
                : movies != null ? MovieSource.file(movies) : fresh ? MovieSource.starter() : null;
        try (SqliteMovieStore store = SqliteMovieStore.openOrCreate(db)) {
            if (source != null) {
                LoadReport report = new Loader(store, 500, LoadProgress.NONE).load(source, false);
                System.out.println(report.summary());
            }
            return store.count();
        }
    }

    private void printBanner(RunningPlatform running, Path db, long count, boolean serving, boolean firstRun) {
        Map<String, URI> at = running.listeners();
        System.out.printf("%nbluegreen %s is up%s:%n", BuildInfo.version(), serving ? ""
                : " (some services are not healthy yet: see 'bluegreen status')");
        System.out.printf("  prod     %s%n", at.get(Topology.PROD));
        System.out.printf("  test     %s   (clients: %s)%n", at.get(Topology.TEST), String.join(", ", testAllow));
        System.out.printf("  api      %s%n", at.get(Topology.API));
        System.out.printf("  control  %s   (the dashboard; token: %s)%n", running.control(),
                dataDir.resolve("token").toAbsolutePath());
        System.out.printf("  app      %s   (%s)%n", pipeline.appRepo != null
                ? pipeline.appRepo.toAbsolutePath() : dataDir.resolve("app").toAbsolutePath(), firstRun
                ? "its head is being built, checked and deployed to both sides: see 'bluegreen executions'"
                : "commit here to deploy");
        System.out.printf("  data     %s (%,d movies)%n", db.toAbsolutePath(), count);
        System.out.printf("  logs     %s%n", dataDir.resolve("logs").toAbsolutePath());
        System.out.println("Next: bluegreen status | flip | rollback | scale SERVICE N | logs SERVICE | down"
                + (dataDir.equals(Path.of(".bluegreen")) ? "" : "   (with --data-dir " + dataDir + ")"));
        System.out.println("Ctrl-C stops everything.");
        System.out.flush();
    }
}
