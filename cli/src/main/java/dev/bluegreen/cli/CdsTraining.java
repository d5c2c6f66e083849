package dev.bluegreen.cli;

import dev.bluegreen.api.MoviesApi;
import dev.bluegreen.cli.movies.ApiCommand;
import dev.bluegreen.cli.movies.WebCommand;
import dev.bluegreen.movies.loader.LoadProgress;
import dev.bluegreen.movies.loader.Loader;
import dev.bluegreen.movies.loader.MovieSource;
import dev.bluegreen.movies.sqlite.SqliteMovieStore;
import dev.bluegreen.platform.lb.HealthCheck;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.lb.Target;
import dev.bluegreen.platform.lb.TargetGroup;
import dev.bluegreen.platform.runtime.RunningPlatform;
import dev.bluegreen.platform.runtime.Topology;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import dev.bluegreen.web.MoviesWeb;
import dev.bluegreen.web.WebSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine;

/**
 * The training run behind the class-data-sharing archive that the launcher builds next to the jar (it lists the
 * classes loaded here with {@code -XX:DumpLoadedClassList}, then dumps them with {@code -Xshare:dump}): it loads
 * the starter movies, runs the API and the web front end and asks each of them what users ask, and sends requests
 * through the load balancer, so that the archive holds the classes every service (and the platform) needs at
 * start-up.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        new CommandLine(new Main()).getUsageMessage();
        // what a task's command line goes through (Main models a service's command alone)
        new CommandLine(new ApiCommand()).parseArgs("--port", "0", "--db", "movies.db");
        new CommandLine(new WebCommand()).parseArgs("--port", "0", "--api", "http://127.0.0.1:5000", "--side",
                "blue");
        Path dir = Files.createTempDirectory("bluegreen-cds");
        try (SqliteMovieStore store = SqliteMovieStore.openOrCreate(dir.resolve("movies.db"))) {
            new Loader(store, 100, LoadProgress.NONE).load(MovieSource.starter(), false);
            try (ServiceHost api = MoviesApi.start(settings("movies-api"), store);
                 ServiceHost web = MoviesWeb.start(settings("movies-web"), WebSettings.of(List.of(api.uri()), null))) {
                HttpClient http = HttpClient.newHttpClient();
                for (String path : List.of("/health", "/ready", "/Query?year=2000", "/Query-name?title=Rush",
                        "/movies?q=rush", "/movies/1997/Face%2FOff", "/years", "/nope", "/metrics")) {
                    get(http, api.uri(), path);
                }
                for (String path : List.of("/health", "/ready", "/", "/year?year=2000", "/title?title=Rush",
                        "/search?q=clooney", "/browse", "/movie?year=2000&title=Gladiator", "/nope",
                        "/static/style.css", "/theme.css", "/metrics")) {
                    get(http, web.uri(), path);
                }
                throughLoadBalancer(http, web.uri(), dir);
            }
            upAndDown(dir.resolve("up"));
        } finally {
            FileUtils.deleteQuietly(dir.toFile());
        }
    }

    /**
     * {@code up} itself, as users start it (on free ports), until production serves, then {@code down}: the
     * platform's own start-up, which loads a thousand classes more than the parts above (picocli's whole command
     * tree, the app repository in JGit, the pipeline, the supervisor, the control API). Its tasks are JVMs of their
     * own, outside this list. A failure here leaves those classes out of the archive, nothing more.
     */
    private static void upAndDown(Path data) {
        if (System.getenv("BLUEGREEN_CONFIG") != null || Files.exists(Path.of("bluegreen.properties"))) {
            // a settings file would apply to this up too (an app repository to build, ports…)
            System.err.println("training: up left out: a bluegreen.properties would apply to it");
            return;
        }
        Thread up = new Thread(() -> Main.run("up", "--data-dir", data.toString(), "--prod-port", "0", "--test-port",
                "0", "--api-port", "0", "--control-port", "0"), "training-up");
        up.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            RunningPlatform platform = null;
            while (System.nanoTime() < deadline && (platform == null || !serves(http, platform))) {
                Thread.sleep(50);
                platform = platform != null ? platform : RunningPlatform.find(data).orElse(null);
            }
            if (platform != null) {
                http.send(HttpRequest.newBuilder(platform.control().resolve("/api/shutdown"))
                        .header("Authorization", "Bearer " + Files.readString(data.resolve("token")).strip())
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            }
            up.join(Duration.ofSeconds(60).toMillis());
        } catch (Exception e) {
            System.err.println("training: up left out: " + e);
        }
    }

    private static boolean serves(HttpClient http, RunningPlatform platform) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(platform.listeners().get(Topology.PROD).resolve("/version"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The platform's own start-up: its state store and the load balancer, with a request through it. */
    private static void throughLoadBalancer(HttpClient http, URI web, Path dir) throws Exception {
        try (PlatformStore state = PlatformStore.open(dir.resolve("platform.db"));
             LoadBalancer lb = new LoadBalancer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            state.events(1);
            TargetGroup group = lb.targetGroup("blue", new HealthCheck("/health", Duration.ofMillis(100),
                    Duration.ofSeconds(1), 1, 1), Duration.ofSeconds(1));
            group.register(new Target("web", web));
            int port = lb.listen("prod", ServiceSettings.LOOPBACK, 0, client -> true);
            lb.route(Map.of("prod", "blue"));
            for (int i = 0; i < 50 && group.healthy().isEmpty(); i++) {
                Thread.sleep(50);
            }
            for (String path : List.of("/", "/year?year=2000", "/version")) {
                get(http, URI.create("http://127.0.0.1:" + port), path);
            }
        }
    }

    private static ServiceSettings settings(String name) {
        return new ServiceSettings(name, ServiceSettings.LOOPBACK, 0, Duration.ofSeconds(1), "training", "training");
    }

    private static void get(HttpClient http, URI base, String path) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
