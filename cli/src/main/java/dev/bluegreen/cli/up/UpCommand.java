package dev.bluegreen.cli.up;

import dev.bluegreen.cli.BuildInfo;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.movies.loader.AwsSample;
import dev.bluegreen.movies.loader.LoadProgress;
import dev.bluegreen.movies.loader.LoadReport;
import dev.bluegreen.movies.loader.Loader;
import dev.bluegreen.movies.loader.MovieSource;
import dev.bluegreen.movies.sqlite.SqliteMovieStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Movies app's three tiers on this machine: the data loaded into SQLite, two API instances and the web front
 * end as child processes, restarted if they die, all stopped by Ctrl-C.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the Movies app here: the data, two API instances, the web front end.",
        footer = {"", "Examples:",
                "  bluegreen up                            web on http://127.0.0.1:8000, starter movies",
                "  bluegreen up --aws-sample               with AWS's 4,609 sample movies",
                "  bluegreen up --port 9090 --movies my-movies.json"})
public final class UpCommand implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(12);

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".bluegreen",
            description = "where the database and logs live (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "port of the web front end (default: ${DEFAULT-VALUE})")
    int webPort;

    @Option(names = "--api-ports", paramLabel = "PORT", split = ",", defaultValue = "5001,5002",
            description = "ports of the API instances, one per instance (default: ${DEFAULT-VALUE})")
    List<Integer> apiPorts;

    @Option(names = "--movies", paramLabel = "FILE", description = "load these movies instead of the starter set")
    Path movies;

    @Option(names = "--aws-sample", description = "load AWS's 4,609 sample movies (downloaded once, cached)")
    boolean awsSample;

    @Option(names = "--site", paramLabel = "DIR", description = "the web front end's site directory")
    Path site;

    private final List<JavaChild> children = new ArrayList<>();
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        checkPorts();
        Files.createDirectories(dataDir);
        Path db = dataDir.resolve("movies.db").toAbsolutePath();
        long count = load(db);

        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "up-shutdown"));
        List<URI> apis = new ArrayList<>();
        for (int i = 0; i < apiPorts.size(); i++) {
            String name = "api-" + (i + 1);
            int port = apiPorts.get(i);
            start(new JavaChild(name, List.of("api", "--port", Integer.toString(port), "--db", db.toString()),
                    Map.of("BLUEGREEN_TASK_ID", name), dataDir.resolve("logs/api/" + name + ".log")), port);
            apis.add(URI.create("http://127.0.0.1:" + port));
        }
        List<String> webArgs = new ArrayList<>(List.of("web", "--port", Integer.toString(webPort), "--api",
                apis.stream().map(URI::toString).collect(Collectors.joining(","))));
        if (site != null) {
            webArgs.addAll(List.of("--site", site.toAbsolutePath().toString()));
        }
        start(new JavaChild("web-1", webArgs, Map.of("BLUEGREEN_TASK_ID", "web-1"),
                dataDir.resolve("logs/web/web-1.log")), webPort);

        System.out.printf("%nMovies is up (bluegreen %s):%n", BuildInfo.version());
        System.out.printf("  web   http://127.0.0.1:%d%n", webPort);
        System.out.printf("  api   %s%n", apis.stream().map(URI::toString).collect(Collectors.joining("  ")));
        System.out.printf("  data  %s (%,d movies)%n", db, count);
        System.out.printf("  logs  %s%n", dataDir.resolve("logs").toAbsolutePath());
        System.out.println("Ctrl-C stops everything.");
        System.out.flush();
        supervise();
        return 0;
    }

    private void checkPorts() {
        List<Integer> all = new ArrayList<>(apiPorts);
        all.add(webPort);
        if (new HashSet<>(all).size() != all.size()) {
            throw new UserError("each service needs its own port; got web " + webPort + " and API " + apiPorts);
        }
        for (int port : all) {
            if (port < 1 || port > 65_535) {
                throw new UserError("ports must be between 1 and 65535, got " + port);
            }
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw new UserError("port " + port + " is in use (another bluegreen up?); choose others with "
                        + "--port and --api-ports");
            }
        }
    }

    private long load(Path db) {
        if (movies != null && awsSample) {
            throw new UserError("give either --movies or --aws-sample, not both");
        }
        MovieSource source = awsSample
                ? MovieSource.file(new AwsSample(AwsSample.DEFAULT_URL, AwsSample.defaultCacheDir(),
                        System.err::println).fetch())
                : movies != null ? MovieSource.file(movies) : MovieSource.starter();
        try (SqliteMovieStore store = SqliteMovieStore.openOrCreate(db)) {
            LoadReport report = new Loader(store, 500, LoadProgress.NONE).load(source, false);
            System.out.println(report.summary());
            return store.count();
        }
    }

    private void start(JavaChild child, int port) {
        synchronized (children) {
            children.add(child);
        }
        child.start();
        HealthWait.until(child, URI.create("http://127.0.0.1:" + port + "/health"), START_TIMEOUT);
        System.out.printf("started %s (pid %d) on port %d%n", child.name(), child.pid(), port);
    }

    /** Restarts a child that dies, with a growing pause, until Ctrl-C. */
    private void supervise() throws InterruptedException {
        Map<JavaChild, Integer> restarts = new java.util.HashMap<>();
        while (!stopping) {
            Thread.sleep(500);
            List<JavaChild> snapshot;
            synchronized (children) {
                snapshot = List.copyOf(children);
            }
            for (JavaChild child : snapshot) {
                if (!stopping && !child.isAlive()) {
                    int n = restarts.merge(child, 1, Integer::sum);
                    System.err.printf("%s exited with code %s; restarting (restart %d, log %s)%n", child.name(),
                            child.exitCode(), n, child.log());
                    Thread.sleep(Math.min(10_000, 500L * (1L << Math.min(n, 5))));
                    if (!stopping) {
                        child.start();
                    }
                }
            }
        }
    }

    private void stopAll() {
        stopping = true;
        List<JavaChild> snapshot;
        synchronized (children) {
            snapshot = new ArrayList<>(children);
        }
        // the front end first, so that it never answers with a dead API behind it
        java.util.Collections.reverse(snapshot);
        System.out.println("Stopping " + snapshot.stream().map(JavaChild::name).collect(Collectors.joining(", ")));
        snapshot.forEach(child -> child.stop(STOP_GRACE));
    }
}
