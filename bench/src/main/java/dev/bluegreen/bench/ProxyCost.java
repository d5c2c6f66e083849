package dev.bluegreen.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * wrk through several ways to the same tasks, side by side: every way and route warmed up first, then rounds in
 * which the ways take turns route by route, so that a disturbance of the shared machine falls on all of them alike;
 * the better of the rounds is kept per route and way. Each run also reads the CPU time the way's own processes used
 * (the proxy's cost per request) and how much of the machine other processes took meanwhile.
 */
final class ProxyCost {

    /** A way to reach the tasks: a port, and the processes in between whose CPU time is the proxy's cost. */
    record Way(String name, int port, Supplier<List<ProcessHandle>> proxy) {
    }

    /**
     * One wrk run: its figures, the CPU time the way's processes used per request (µs), and the share of the
     * machine's CPU that processes outside the benchmark took during it (0 to 1).
     */
    record Measured(Wrk.Result wrk, double cpuMicrosPerRequest, double othersShare) {
    }

    private ProxyCost() {
    }

    /** The better run (by requests per second) of each route and way, keyed by {@link #key}. */
    static Map<String, Measured> measure(List<String> routes, List<Way> ways, int connections, Duration warmUp,
                                         Duration measure, int rounds) throws IOException, InterruptedException {
        // every way and route is warmed up before any is measured (the JIT of the tasks and of the load balancer)
        for (String route : routes) {
            for (Way way : ways) {
                Wrk.run(url(way.port(), route), connections, warmUp);
            }
        }
        // other tenants of a shared machine only ever slow a run: the better of the rounds is the way's own figure
        Map<String, Measured> best = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String route : routes) {
                for (Way way : ways) {
                    Measured m = once(way, route, connections, measure);
                    System.out.printf("  round %d %-18s %-24s %,8.0f req/s  p99 %7.2f ms  %4.0f µs CPU/request  "
                                    + "others %3.0f %%%n", round, route, way.name(), m.wrk().requestsPerSecond(),
                            m.wrk().p99Millis(), m.cpuMicrosPerRequest(), 100 * m.othersShare());
                    best.merge(key(route, way.name()), m, (a, b) ->
                            a.wrk().requestsPerSecond() >= b.wrk().requestsPerSecond() ? a : b);
                }
            }
        }
        return best;
    }

    private static Measured once(Way way, String route, int connections, Duration measure)
            throws IOException, InterruptedException {
        MachineLoad.Snapshot before = MachineLoad.now();
        long cpuBefore = ProcessTree.cpuNanos(way.proxy().get());
        Wrk.Result r = Wrk.run(url(way.port(), route), connections, measure);
        long cpu = ProcessTree.cpuNanos(way.proxy().get()) - cpuBefore;
        double others = MachineLoad.othersShare(before, MachineLoad.now());
        return new Measured(r, cpu / 1e3 / Math.max(1, r.requests()), others);
    }

    static String key(String route, String way) {
        return route + " " + way;
    }

    static String url(int port, String route) {
        return "http://127.0.0.1:" + port + route;
    }

    static String perRequest(Measured m) {
        return String.format("%.0f µs", m.cpuMicrosPerRequest());
    }

    static String share(Measured m) {
        return String.format("%.0f %%", 100 * m.othersShare());
    }
}
