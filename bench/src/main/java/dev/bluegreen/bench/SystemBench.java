package dev.bluegreen.bench;

import dev.bluegreen.platform.lb.HealthCheck;
import dev.bluegreen.platform.tasks.SupervisorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The local runtime as a whole: {@code up} from a cold start to prod serving, one more task from the scale call to
 * healthy (with the steps in between), stop, and the memory of the whole process tree once started.
 */
final class SystemBench {

    /** When a new task reached each step, in nanoseconds from the scale call. */
    private record TaskStart(long listed, long running, long healthy) {
    }

    private static final long POLL_NANOS = 5_000_000;
    private static final double COLD_START_GOAL_S = 10;
    private static final double TASK_START_GOAL_S = 0.6;
    private static final double RSS_GOAL_MB = 600;

    private final Bluegreen bluegreen;
    private final Path work;

    SystemBench(Bluegreen bluegreen, Path work) {
        this.bluegreen = bluegreen;
        this.work = work;
    }

    String run(int runs) throws Exception {
        List<Long> controlUp = new ArrayList<>();
        List<Long> coldStart = new ArrayList<>();
        List<Long> listed = new ArrayList<>();
        List<Long> running = new ArrayList<>();
        List<Long> healthy = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        ProcessTree.Memory memory = null;
        for (int i = 0; i < runs; i++) {
            long spawned = System.nanoTime();
            Platform platform = Platform.spawn(bluegreen, work.resolve("system-data-" + i));
            try {
                long control = -1;
                while (!Platform.answers200(platform.prodPort, "/version")) {
                    if (control < 0 && Platform.answers200(platform.controlPort, "/api/status")) {
                        control = System.nanoTime() - spawned;
                    }
                    platform.checkAlive();
                    if (System.nanoTime() - spawned > Duration.ofSeconds(120).toNanos()) {
                        throw new IllegalStateException("prod did not serve within 120 s");
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                }
                coldStart.add(System.nanoTime() - spawned);
                controlUp.add(control < 0 ? coldStart.get(i) : control);
                platform.awaitAllHealthy();
                if (i == 0) {
                    // settled, as a user's system is a moment after it printed its URLs
                    Thread.sleep(5_000);
                    memory = ProcessTree.of(platform.handle());
                    memory.perProcess().forEach(line -> System.out.println("  " + line));
                }
                TaskStart task = scaleUpToHealthy(platform);
                listed.add(task.listed());
                running.add(task.running());
                healthy.add(task.healthy());
                stop.add(platform.stop().toNanos());
                System.out.printf("  run %d: control API %.2f s, cold start %.2f s, task listed %.0f ms, running "
                        + "%.0f ms, healthy %.0f ms, stop %.2f s%n", i + 1, controlUp.get(i) / 1e9,
                        coldStart.get(i) / 1e9, task.listed() / 1e6, task.running() / 1e6, task.healthy() / 1e6,
                        stop.get(i) / 1e9);
            } catch (Exception e) {
                System.out.println("  failed; up's log: " + platform.log());
                throw e;
            } finally {
                platform.close();
            }
        }
        Table times = new Table("measure", "median s", "min s", "max s", "runs", "goal");
        row(times, "`up` spawned → control API answers (movies loaded, platform started)", controlUp, "");
        row(times, "`up` cold start: spawned → first 200 on prod `/version`", coldStart, "≤ 10 s");
        row(times, "scale api 2 → 3: call → new task listed (spawned)", listed, "");
        row(times, "scale api 2 → 3: call → task RUNNING (the supervisor's `/health` probe passed)", running, "");
        row(times, "scale api 2 → 3: call → task HEALTHY in its target group (gets traffic)", healthy, "≤ 0.6 s");
        row(times, "stop: SIGTERM to `up` → every process exited", stop, "");
        double megabytes = memory.rssBytes() / 1048576.0;
        Table mem = new Table("processes", "RSS, sum", "PSS, sum", "goal");
        mem.row(memory.processes(), String.format("%.0f MB", megabytes),
                String.format("%.0f MB", memory.pssBytes() / 1048576.0), "RSS ≤ 600 MB");
        return "## The local runtime: start, scale, memory\n\n"
                + "`bluegreen up` run as the launcher runs it (the built jar, `-XX:+UseSerialGC -Xss512k` and the "
                + "class-data-sharing archive the launcher writes after a build, which `up` also gives its tasks), "
                + "with free ports and a fresh data directory each run, so every start loads the starter movies "
                + "into a new database. Cold start is from spawning `up` to the first 200 on the prod listener's "
                + "`/version`, polled every 5 ms. Task start is from sending `POST /api/services/api/scale "
                + "{\"count\":3}` to the new task's steps in `/api/status`, polled every 5 ms; HEALTHY there is "
                + "the load balancer's view (the task gets requests), the measure of the goal. The start-up "
                + "benchmark above times the bare process instead (spawn to its first healthy answer). Stop is "
                + "from SIGTERM to `up` until it and every task have exited.\n\n"
                + times.markdown()
                + "\nMemory of the whole system 5 s after its first start (all tasks healthy, no load): `up` and "
                + "every process below it, from `/proc` (RSS from `status`, PSS from `smaps_rollup`). RSS counts "
                + "the pages the JVMs share, such as the JDK's libraries and the class archive, once per process; "
                + "PSS shares them out, so it is what the system really takes.\n\n"
                + mem.markdown()
                + verdicts(memory.processes() - 1, median(controlUp) / 1e9, median(coldStart) / 1e9,
                median(running) / 1e9, median(healthy) / 1e9, megabytes);
    }

    private static String verdicts(int tasks, double control, double cold, double running, double healthy,
                                   double megabytes) {
        // the load balancer's share is measured (RUNNING to HEALTHY), not derived from its settings
        String lbCheck = String.format("%.2f s more until the target group has seen it pass its health check %d "
                + "times (`HealthCheck.defaults()`) and sends it requests", healthy - running,
                HealthCheck.defaults().healthyThreshold());
        List<String> missed = new ArrayList<>();
        if (cold > COLD_START_GOAL_S) {
            missed.add(String.format("cold start, %.1f s: the platform answers after %.1f s, then its %d task "
                    + "JVMs start at once on two cores (one alone takes %.1f s to RUNNING, see task start), and "
                    + "each is sent requests only once its target group has seen it pass its health check %d times",
                    cold, control, tasks, running, HealthCheck.defaults().healthyThreshold()));
        }
        if (healthy > TASK_START_GOAL_S) {
            missed.add(String.format("task start, %.2f s: %.2f s to RUNNING (the supervisor spawns at its next "
                    + "round, every %d ms, then one JVM to its first healthy answer), then %s", healthy, running,
                    SupervisorSettings.defaults().reconcileInterval().toMillis(), lbCheck));
        }
        if (megabytes > RSS_GOAL_MB) {
            missed.add(String.format("memory, %.0f MB RSS for %d JVMs (PSS, what they take together, is lower: "
                    + "see above)", megabytes, tasks + 1));
        }
        return missed.isEmpty() ? "\nEvery goal is met.\n"
                : "\nGoals missed:\n\n" + missed.stream().map(m -> "- " + m + ".\n").collect(Collectors.joining());
    }

    /** The steps of a new api task from the scale call; then back to the tasks there were. */
    private static TaskStart scaleUpToHealthy(Platform platform) throws Exception {
        Set<String> before = platform.tasks("api").stream().map(Platform.Task::id).collect(Collectors.toSet());
        long start = System.nanoTime();
        Platform.Outcome outcome = platform.scale("api", before.size() + 1);
        if (!outcome.done()) {
            throw new IllegalStateException("scale refused: " + outcome.body());
        }
        long listed = -1;
        long running = -1;
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Platform.Task> task = platform.tasks("api").stream().filter(t -> !before.contains(t.id()))
                    .findFirst();
            long now = System.nanoTime() - start;
            if (task.isPresent()) {
                listed = listed < 0 ? now : listed;
                running = running < 0 && !"STARTING".equals(task.get().state()) ? now : running;
                if (task.get().healthy()) {
                    platform.scale("api", before.size());
                    platform.awaitTaskCount("api", before.size());
                    return new TaskStart(listed, running < 0 ? now : running, now);
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        throw new IllegalStateException("no new api task healthy within 60 s: " + platform.tasks("api"));
    }

    private static void row(Table table, String measure, List<Long> nanos, String goal) {
        table.row(measure, s(median(nanos)), s(Collections.min(nanos)), s(Collections.max(nanos)), nanos.size(),
                goal);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String s(long nanos) {
        return String.format("%.2f", nanos / 1e9);
    }
}
