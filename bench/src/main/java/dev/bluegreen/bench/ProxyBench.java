package dev.bluegreen.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the embedded load balancer costs, beside nginx in the same run: wrk through our api listener and through
 * nginx to the same two API tasks (the goal's measure), then at one task, also straight to it. Then the nginx way of
 * switching (rewrite the upstream, reload) beside our flips, under the same load as the flip benchmark.
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

    String run(int wrkConnections, Duration warmUp, Duration measure, int rounds, int loadConnections,
               int requestsPerSecond, int switches) throws Exception {
        Wrk.check();
        Nginx.check();
        // one web task per side: nginx's reload switches between two single upstreams, as before production
        // defaulted to two tasks
        try (Platform platform = Platform.start(bluegreen, work.resolve("proxy-data"), "--api-tasks", "2",
                "--web-tasks", "1", "--movies", sample.toString())) {
            String twoTasks = twoTasks(platform, wrkConnections, warmUp, measure, rounds);
            platform.scale("api", 1);
            platform.awaitTaskCount("api", 1);
            String oneTask = oneTask(platform, wrkConnections, warmUp, measure, rounds);
            String switching = switching(platform, loadConnections, requestsPerSecond, switches);
            return twoTasks + "\n" + oneTask + "\n" + switching;
        }
    }

    /** The goal's measure: our api listener and nginx in front of the same two API tasks. */
    private String twoTasks(Platform platform, int connections, Duration warmUp, Duration measure, int rounds)
            throws Exception {
        List<Platform.Task> tasks = platform.tasks("api").stream().filter(Platform.Task::healthy).toList();
        if (tasks.size() != 2) {
            throw new IllegalStateException("expected two healthy API tasks, found " + tasks);
        }
        try (Nginx nginx = Nginx.start(work.resolve("nginx-api-2"), tasks.get(0).port(), tasks.get(1).port())) {
            List<ProxyCost.Way> ways = List.of(
                    // the load balancer runs inside the platform's JVM (with the control API, idle here)
                    new ProxyCost.Way(LB, platform.apiPort, () -> List.of(platform.handle())),
                    new ProxyCost.Way(NGINX, nginx.port(), nginx::processes));
            System.out.println("  two API tasks behind each:");
            Map<String, ProxyCost.Measured> best = ProxyCost.measure(ROUTES, ways, connections, warmUp, measure,
                    rounds);
            Table table = new Table("route", "via", "req/s", "vs nginx", "p50 ms", "p99 ms", "errors",
                    "proxy CPU per request", "vs nginx", "other processes' CPU");
            StringBuilder verdict = new StringBuilder();
            for (String route : ROUTES) {
                ProxyCost.Measured lb = best.get(ProxyCost.key(route, LB));
                ProxyCost.Measured ng = best.get(ProxyCost.key(route, NGINX));
                for (ProxyCost.Measured m : List.of(lb, ng)) {
                    Wrk.Result r = m.wrk();
                    table.row("`" + route + "`", m == lb ? LB : NGINX, String.format("%,.0f", r.requestsPerSecond()),
                            String.format("%.2f×", r.requestsPerSecond() / ng.wrk().requestsPerSecond()),
                            String.format("%.2f", r.p50Millis()), String.format("%.2f", r.p99Millis()), r.errors(),
                            ProxyCost.perRequest(m),
                            String.format("%.2f×", m.cpuMicrosPerRequest() / ng.cpuMicrosPerRequest()),
                            ProxyCost.share(m));
                }
                verdict.append(verdict(route, lb, ng)).append("\n\n");
            }
            return "## Proxy cost: the load balancer beside nginx, two API tasks\n\n"
                    + String.format("The goal's measure. `wrk -t2 -c%d -d%ds` per route and way, the better of %d "
                            + "rounds after a %d s warm-up of each, all in one run against one `bluegreen up` "
                            + "(platform JVM: `%s`) over the full AWS sample with the API at two tasks: through the "
                            + "api listener of the embedded load balancer, and through nginx %s (our own process: "
                            + "2 workers, upstream keep-alive, no access log, buffers that hold a whole answer, the "
                            + "same `Host` and `X-Forwarded-*` headers to the tasks as ours) "
                            + "round-robin to the same two tasks. In each round the two ways take turns, route by "
                            + "route. wrk, the proxies and the tasks share the machine's cores, so a proxy also costs "
                            + "the tasks some CPU. `/Query?year=2000` answers about 52 KB. Proxy CPU per request is "
                            + "the CPU time (user and system, from `/proc`) the proxy's processes used during the "
                            + "run, divided by its requests: the platform's JVM for ours (the control plane in it "
                            + "idles), the master and workers for nginx. Other processes' CPU is the share of the "
                            + "machine that processes outside the benchmark took during that run.%n%n",
                            connections, measure.toSeconds(), rounds, warmUp.toSeconds(), platformFlags(),
                            nginxVersion())
                    + table.markdown() + "\n" + verdict.toString().strip() + "\n";
        }
    }

    /** Requests per second ≥ nginx's, p99 no worse, CPU per request ≤ 1.5× nginx's: each said met or missed. */
    private static String verdict(String route, ProxyCost.Measured lb, ProxyCost.Measured ng) {
        double ratio = lb.wrk().requestsPerSecond() / ng.wrk().requestsPerSecond();
        double cpu = lb.cpuMicrosPerRequest() / ng.cpuMicrosPerRequest();
        return String.format("`%s`: %.2f× nginx's requests per second (goal ≥ 1.0×: %s); p99 %.2f ms against "
                        + "nginx's %.2f ms (goal: no worse, %s); %.0f µs of CPU per request against nginx's %.0f µs, "
                        + "%.2f× (goal ≤ 1.5×: %s).", route, ratio, metOrMissed(ratio >= 1.0), lb.wrk().p99Millis(),
                ng.wrk().p99Millis(), metOrMissed(lb.wrk().p99Millis() <= ng.wrk().p99Millis()),
                lb.cpuMicrosPerRequest(), ng.cpuMicrosPerRequest(), cpu, metOrMissed(cpu <= 1.5));
    }

    private static String metOrMissed(boolean met) {
        return met ? "met" : "missed";
    }

    private String platformFlags() {
        return String.join(" ", bluegreen.serviceFlags()).replace(bluegreen.archive().toString(), "bluegreen.jsa");
    }

    /** The same at one API task, with the task reached directly as a third way. */
    private String oneTask(Platform platform, int connections, Duration warmUp, Duration measure, int rounds)
            throws Exception {
        Platform.Task task = platform.onlyHealthyTask("api");
        try (Nginx nginx = Nginx.start(work.resolve("nginx-api"), task.port())) {
            List<ProxyCost.Way> ways = List.of(new ProxyCost.Way(DIRECT, task.port(), List::of),
                    new ProxyCost.Way(LB, platform.apiPort, () -> List.of(platform.handle())),
                    new ProxyCost.Way(NGINX, nginx.port(), nginx::processes));
            System.out.println("  one API task behind each:");
            Map<String, ProxyCost.Measured> best = ProxyCost.measure(ROUTES, ways, connections, warmUp, measure,
                    rounds);
            Table table = new Table("route", "via", "req/s", "p50 ms", "p99 ms", "errors", "vs direct",
                    "proxy CPU per request", "other processes' CPU");
            StringBuilder verdict = new StringBuilder();
            for (String route : ROUTES) {
                double direct = best.get(ProxyCost.key(route, DIRECT)).wrk().requestsPerSecond();
                for (ProxyCost.Way way : ways) {
                    ProxyCost.Measured m = best.get(ProxyCost.key(route, way.name()));
                    Wrk.Result r = m.wrk();
                    table.row("`" + route + "`", way.name(), String.format("%,.0f", r.requestsPerSecond()),
                            String.format("%.2f", r.p50Millis()), String.format("%.2f", r.p99Millis()), r.errors(),
                            String.format("%.0f %%", 100 * r.requestsPerSecond() / direct),
                            way.name().equals(DIRECT) ? "" : ProxyCost.perRequest(m), ProxyCost.share(m));
                }
                ProxyCost.Measured lb = best.get(ProxyCost.key(route, LB));
                ProxyCost.Measured ng = best.get(ProxyCost.key(route, NGINX));
                verdict.append(String.format("`%s`: the load balancer serves %.2f× what nginx serves, with %.0f µs "
                                + "of CPU per request against nginx's %.0f µs.%n%n", route,
                        lb.wrk().requestsPerSecond() / ng.wrk().requestsPerSecond(), lb.cpuMicrosPerRequest(),
                        ng.cpuMicrosPerRequest()));
            }
            return "## Proxy cost: one API task\n\n"
                    + String.format("Then, in the same run, the API scaled to one task: the same measure through the "
                            + "api listener, through nginx (configured as above) to that one task, and straight to "
                            + "the task's port (from `/api/status`), the ways taking turns in each round.%n%n")
                    + table.markdown() + "\n" + verdict.toString().strip() + "\n";
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
