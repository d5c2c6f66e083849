package dev.bluegreen.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The local runtime as a whole: {@code up} from a cold start to prod serving, one more task from the scale call to
 * healthy, stop, and the memory of the whole process tree once started.
 */
final class SystemBench {

    private static final long POLL_NANOS = 5_000_000;

    private final Bluegreen bluegreen;
    private final Path work;

    SystemBench(Bluegreen bluegreen, Path work) {
        this.bluegreen = bluegreen;
        this.work = work;
    }

    String run(int runs) throws Exception {
        List<Long> coldStart = new ArrayList<>();
        List<Long> taskStart = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        ProcessTree.Memory memory = null;
        for (int i = 0; i < runs; i++) {
            long spawned = System.nanoTime();
            Platform platform = Platform.spawn(bluegreen, work.resolve("system-data-" + i));
            try {
                platform.awaitReady();
                coldStart.add(System.nanoTime() - spawned);
                awaitAllHealthy(platform);
                if (i == 0) {
                    // settled: start-up's garbage collected or not, as a user's system would be a moment later
                    Thread.sleep(5_000);
                    memory = ProcessTree.of(platform.handle());
                    memory.perProcess().forEach(line -> System.out.println("  " + line));
                }
                taskStart.add(scaleUpToHealthy(platform));
                stop.add(platform.stop().toNanos());
                System.out.printf("  run %d: cold start %.2f s, task start %.0f ms, stop %.2f s%n", i + 1,
                        coldStart.get(i) / 1e9, taskStart.get(i) / 1e6, stop.get(i) / 1e9);
            } catch (Exception e) {
                System.out.println("  failed; up's log: " + platform.log());
                throw e;
            } finally {
                platform.close();
            }
        }
        double cold = median(coldStart) / 1e9;
        double task = median(taskStart) / 1e9;
        double megabytes = memory.rssBytes() / 1048576.0;
        Table times = new Table("measure", "median s", "min s", "max s", "runs", "goal");
        times.row("`up` cold start → first 200 on prod `/version`", s(median(coldStart)),
                s(Collections.min(coldStart)), s(Collections.max(coldStart)), runs, "≤ 10 s");
        times.row("task start → HEALTHY (scale api 2 → 3)", s(median(taskStart)), s(Collections.min(taskStart)),
                s(Collections.max(taskStart)), runs, "≤ 0.6 s");
        times.row("stop: SIGTERM to `up` → every process exited", s(median(stop)), s(Collections.min(stop)),
                s(Collections.max(stop)), runs, "");
        Table mem = new Table("processes", "RSS, sum", "PSS, sum", "goal");
        mem.row(memory.processes(), String.format("%.0f MB", megabytes),
                String.format("%.0f MB", memory.pssBytes() / 1048576.0), "RSS ≤ 600 MB");
        return "## The local runtime: start, scale, memory\n\n"
                + "`bluegreen up` run as the launcher runs it (the built jar, `-XX:+UseSerialGC -Xss512k` and the "
                + "class-data-sharing archive the launcher writes after a build), with its own free ports and a "
                + "fresh data directory each run (so every start loads the starter movies into a new database). "
                + "Cold start is from spawning `up` to the first 200 on the prod listener's `/version`, polled "
                + "every 5 ms. Task start is from sending `POST /api/services/api/scale {\"count\":3}` to a new "
                + "task shown HEALTHY in `/api/status`, polled every 5 ms: it includes the supervisor's own health "
                + "checks, unlike the start-up benchmark above, which times one bare process to its first healthy "
                + "answer. Stop is from SIGTERM to `up` until it and every task have exited.\n\n"
                + times.markdown()
                + "\nMemory of the whole system 5 s after its first start (all tasks healthy, no load): `up` and "
                + "every process below it, from `/proc` (RSS from `status`, PSS from `smaps_rollup`; RSS counts "
                + "the pages the JVMs share, such as the JDK's libraries and the class archive, once per process, "
                + "PSS shares them out).\n\n"
                + mem.markdown()
                + verdicts(cold, task, megabytes);
    }

    private static String verdicts(double cold, double task, double megabytes) {
        List<String> missed = new ArrayList<>();
        if (cold > 10) {
            missed.add(String.format("cold start (%.1f s > 10 s)", cold));
        }
        if (task > 0.6) {
            missed.add(String.format("task start (%.2f s > 0.6 s: a task is one JVM, and one JVM of the API takes "
                    + "about a second to its first healthy answer on these cores, as the start-up benchmark "
                    + "shows)", task));
        }
        if (megabytes > 600) {
            missed.add(String.format("memory (%.0f MB RSS > 600 MB)", megabytes));
        }
        return missed.isEmpty() ? "\nEvery goal is met.\n" : "\nGoals missed: " + String.join("; ", missed) + ".\n";
    }

    /** Time from the scale call to a new api task HEALTHY; then back to two tasks. */
    private static long scaleUpToHealthy(Platform platform) throws Exception {
        Set<String> before = platform.tasks("api").stream().map(Platform.Task::id).collect(Collectors.toSet());
        long start = System.nanoTime();
        Platform.Outcome outcome = platform.scale("api", before.size() + 1);
        if (!outcome.done()) {
            throw new IllegalStateException("scale refused: " + outcome.body());
        }
        long deadline = start + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean healthy = platform.tasks("api").stream()
                    .anyMatch(t -> !before.contains(t.id()) && "HEALTHY".equals(t.state()));
            long now = System.nanoTime();
            if (healthy) {
                platform.scale("api", before.size());
                return now - start;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
        }
        throw new IllegalStateException("no new api task healthy within 30 s: " + platform.tasks("api"));
    }

    private static void awaitAllHealthy(Platform platform) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var status = platform.status();
            boolean all = true;
            for (var service : status.path("services")) {
                int healthy = 0;
                for (var t : service.path("tasks")) {
                    healthy += "HEALTHY".equals(t.path("state").asText()) ? 1 : 0;
                }
                all &= healthy >= service.path("desiredCount").asInt();
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("not every task healthy within 60 s: " + platform.status());
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
