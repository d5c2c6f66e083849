package dev.bluegreen.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the embedded load balancer costs, beside nginx in the same run: wrk through our api listener, straight to
 * the one API task behind it, and through nginx to that same task. Then the nginx way of switching (rewrite the
 * upstream, reload) beside our flips, under the same load as the flip benchmark.
 */
final class ProxyBench {

    static final List<String> ROUTES = List.of("/health", "/Query?year=2000");
    private static final String DIRECT = "direct to the task";
    private static final String LB = "bluegreen load balancer";
    private static final String NGINX = "nginx";

    private final Bluegreen bluegreen;
    private final Path work;
    private final Path sample;

    ProxyBench(Bluegreen bluegreen, Path work, Path sample) {
        this.bluegreen = bluegreen;
        this.work = work;
        this.sample = sample;
    }

    String run(int wrkConnections, Duration warmUp, Duration measure, int loadConnections, int requestsPerSecond,
               int switches) throws Exception {
        Wrk.check();
        Nginx.check();
        try (Platform platform = Platform.start(bluegreen, work.resolve("proxy-data"), "--api-tasks", "1",
                "--movies", sample.toString())) {
            String cost = proxyCost(platform, wrkConnections, warmUp, measure);
            String switching = switching(platform, loadConnections, requestsPerSecond, switches);
            return cost + "\n" + switching;
        }
    }

    /** A way to reach the task: a port, and the processes in between whose CPU time is the proxy's cost. */
    private record Way(String name, int port, Supplier<List<ProcessHandle>> proxy) {
    }

    /** One wrk run, with the CPU time the proxy used per request during it. */
    private record Measured(Wrk.Result wrk, double proxyCpuMicrosPerRequest) {
    }

    private String proxyCost(Platform platform, int connections, Duration warmUp, Duration measure)
            throws Exception {
        Platform.Task task = platform.onlyHealthyTask("api");
        try (Nginx nginx = Nginx.start(work.resolve("nginx-api"), task.port())) {
            List<Way> ways = List.of(new Way(DIRECT, task.port(), List::of),
                    // the load balancer runs inside the platform's JVM (with the control API, idle here)
                    new Way(LB, platform.apiPort, () -> List.of(platform.handle())),
                    new Way(NGINX, nginx.port(), nginx::processes));
            // every way and route is warmed up before any is measured (the JIT of the task and of the LB)
            for (String route : ROUTES) {
                for (Way way : ways) {
                    Wrk.run(url(way.port(), route), connections, warmUp);
                }
            }
            // two rounds, the better kept: other tenants of a shared machine only ever slow a run
            Map<String, Measured> best = new LinkedHashMap<>();
            for (int round = 0; round < 2; round++) {
                for (String route : ROUTES) {
                    for (Way way : ways) {
                        long cpuBefore = ProcessTree.cpuNanos(way.proxy().get());
                        Wrk.Result r = Wrk.run(url(way.port(), route), connections, measure);
                        double cpu = (ProcessTree.cpuNanos(way.proxy().get()) - cpuBefore) / 1e3 / r.requests();
                        best.merge(route + " " + way.name(), new Measured(r, cpu),
                                (a, b) -> a.wrk().requestsPerSecond() >= b.wrk().requestsPerSecond() ? a : b);
                    }
                }
            }
            Table table = new Table("route", "via", "req/s", "p50 ms", "p99 ms", "errors", "vs direct",
                    "proxy CPU per request");
            StringBuilder verdict = new StringBuilder();
            for (String route : ROUTES) {
                double direct = best.get(route + " " + DIRECT).wrk().requestsPerSecond();
                for (Way way : ways) {
                    Measured m = best.get(route + " " + way.name());
                    Wrk.Result r = m.wrk();
                    table.row("`" + route + "`", way.name(), String.format("%,.0f", r.requestsPerSecond()),
                            String.format("%.2f", r.p50Millis()), String.format("%.2f", r.p99Millis()), r.errors(),
                            String.format("%.0f %%", 100 * r.requestsPerSecond() / direct),
                            way.name().equals(DIRECT) ? "" : String.format("%.0f µs", m.proxyCpuMicrosPerRequest()));
                    System.out.printf("  %-20s %-24s %,10.0f req/s, proxy CPU %.0f us/request%n", route, way.name(),
                            r.requestsPerSecond(), m.proxyCpuMicrosPerRequest());
                }
                Measured lb = best.get(route + " " + LB);
                Measured ng = best.get(route + " " + NGINX);
                double ratio = lb.wrk().requestsPerSecond() / ng.wrk().requestsPerSecond();
                verdict.append(String.format("`%s`: the load balancer serves %.2f× what nginx serves (goal ≥ 1.0×: "
                        + "%s)", route, ratio, ratio >= 1.0 ? "met" : "missed"));
                verdict.append(ratio >= 1.0 ? ".\n" : String.format("; it spends %.0f µs of CPU per request where "
                        + "nginx spends %.0f µs, on cores it shares with wrk and the task.\n",
                        lb.proxyCpuMicrosPerRequest(), ng.proxyCpuMicrosPerRequest()));
            }
            return "## Proxy cost\n\n"
                    + String.format("`wrk -t2 -c%d -d%ds` per route and way, the better of two rounds after a %d s "
                            + "warm-up of each, all in one run against one `bluegreen up` over the full AWS sample "
                            + "with the API at one task: through the api listener of the embedded load balancer, "
                            + "straight to that task's port (from `/api/status`), and through nginx %s (our own "
                            + "process: 2 workers, upstream keep-alive, no access log, buffers that hold a whole "
                            + "answer) to the same task. wrk, the proxies and the task share the 2 cores, so a proxy "
                            + "also costs the task some CPU. `/Query?year=2000` answers about 52 KB. Proxy CPU per "
                            + "request is the CPU time (user and system, from `/proc`) the proxy's processes used "
                            + "during the run, divided by its requests: the platform's JVM for ours, the master and "
                            + "workers for nginx.%n%n",
                            connections, measure.toSeconds(), warmUp.toSeconds(), nginxVersion())
                    + table.markdown() + "\n" + verdict.toString().replace("\n", "\n\n").strip() + "\n";
        }
    }

    private String switching(Platform platform, int connections, int requestsPerSecond, int switches)
            throws Exception {
        int blue = platform.onlyHealthyTask("web-blue").port();
        int green = platform.onlyHealthyTask("web-green").port();
        SwitchingRun.Result viaNginx;
        try (Nginx nginx = Nginx.start(work.resolve("nginx-web"), blue)) {
            SwitchingRun.Switcher reload = index -> {
                boolean toGreen = index % 2 == 0;
                nginx.switchUpstream(toGreen ? green : blue);
                return toGreen ? "green" : "blue";
            };
            LoadGenerator load = new LoadGenerator(nginx.port(), "/version", connections, requestsPerSecond);
            viaNginx = SwitchingRun.run(load, reload, switches, FlipBench.WARM_UP, Duration.ofSeconds(60),
                    Duration.ofSeconds(2));
        }
        FlipBench.print("nginx reloads", viaNginx);
        SwitchingRun.Result viaFlips = FlipBench.underLoad(platform, connections, requestsPerSecond, switches,
                Duration.ofSeconds(60));
        FlipBench.print("bluegreen flips", viaFlips);
        Table table = new Table("way of switching", "switches", "switch call p50 / p99", "requests", "failed",
                "stale answers", "propagation p50 / p99 / max", "first request after, p99", "latency p50 / p99",
                "reconnects");
        row(table, "nginx: rewrite the upstream, `nginx -s reload`", viaNginx);
        row(table, "bluegreen: `POST /api/flip`, `/api/rollback`", viaFlips);
        return "## Switching under load: nginx reload vs flip\n\n"
                + String.format("The nginx way of blue/green on one machine: nginx (configured as above) proxies to "
                        + "one of the two web tasks of the same `up` (blue's or green's port, from `/api/status`); a "
                        + "switch rewrites the upstream and runs `nginx -s reload`. Beside it, in the same run, our "
                        + "flips and rollbacks through the control API with the prod listener in front of the same "
                        + "two tasks. Same load as the flip benchmark: %d keep-alive connections, %,d req/s of "
                        + "`GET /version` in all, %d switches, the next as soon as every connection has had an "
                        + "answer from the new side (at most 2 s). Failed, stale and propagation as defined there; "
                        + "reconnects are connections the server closed (or that failed) and the generator "
                        + "reopened.%n%n", connections, requestsPerSecond, switches)
                + table.markdown()
                + (viaNginx.ioErrors() == 0 ? "" : "\nnginx's I/O errors are requests sent on a kept-alive "
                        + "connection just as an old worker closed it (a reload makes the old workers close their "
                        + "idle connections; the generator, like HTTP clients, reopens a connection it sees closed "
                        + "before it sends, but cannot see one closed in that instant). A client that retries an "
                        + "idempotent request on a reused connection would hide them; HTTP allows that retry for "
                        + "idempotent methods only, so a POST would fail.\n")
                + FlipBench.unreachedNote(viaNginx)
                + FlipBench.unreachedNote(viaFlips);
    }

    private static void row(Table table, String way, SwitchingRun.Result r) {
        table.row(way, r.switches(), FlipBench.ms(r.switchCall(), 0.5) + " / " + FlipBench.ms(r.switchCall(), 0.99)
                + " ms", String.format("%,d", r.requests()), FlipBench.failedCell(r),
                String.format("%,d", r.stale()), FlipBench.propagationCell(r),
                FlipBench.ms(r.firstRequest(), 0.99) + " ms",
                FlipBench.ms(r.latency(), 0.5) + " / " + FlipBench.ms(r.latency(), 0.99) + " ms", r.reconnects());
    }

    private static String url(int port, String route) {
        return "http://127.0.0.1:" + port + route;
    }

    private static String nginxVersion() {
        try {
            Process p = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.replace("nginx version: nginx/", "");
        } catch (Exception e) {
            return "";
        }
    }
}
