package dev.bluegreen.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.platform.lb.HealthCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The local runtime as a whole: {@code up} from a cold start to prod serving, one more task from the scale call to
 * healthy (with the steps in between), stop, and the memory of the whole process tree once started. With a
 * baseline (another build), each round runs both, one after the other, so that both see the same machine.
 */
final class SystemBench {

    /** When a new task reached each step, in nanoseconds from the scale call (the logs' to the millisecond). */
    private record TaskStart(long listening, long running, long healthy) {
    }

    /** Every figure of one build, over all its rounds. */
    private static final class Figures {
        final List<Long> controlUp = new ArrayList<>();
        final List<Long> coldStart = new ArrayList<>();
        final List<Long> listening = new ArrayList<>();
        final List<Long> running = new ArrayList<>();
        final List<Long> healthy = new ArrayList<>();
        final List<Long> stop = new ArrayList<>();
        ProcessTree.Memory memory;
    }

    private static final long POLL_NANOS = 5_000_000;
    private static final long TRAFFIC_POLL_NANOS = 2_000_000;
    /** The supervisor's event when it registered a task: its time, and the task. */
    private static final Pattern REGISTERED = Pattern.compile("^(\\S+) .*task-started \\(supervisor\\): task "
            + "(api-\\d+) \\(");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double COLD_START_GOAL_S = 5;
    private static final double TASK_START_GOAL_S = 1.0;

    private final List<Bluegreen> builds;
    private final Path work;

    /** {@code baseline}, when present, is measured too, before {@code bluegreen} in every round. */
    SystemBench(Bluegreen bluegreen, Optional<Bluegreen> baseline, Path work) {
        this.builds = baseline.map(b -> List.of(b, bluegreen)).orElse(List.of(bluegreen));
        this.work = work;
    }

    String run(int rounds, int scalesPerRound) throws Exception {
        Map<Bluegreen, Figures> figures = new LinkedHashMap<>();
        builds.forEach(build -> figures.put(build, new Figures()));
        for (int round = 0; round < rounds; round++) {
            for (Bluegreen build : builds) {
                System.out.printf("  %s, round %d:%n", build.label(), round + 1);
                runOnce(build, figures.get(build), round, scalesPerRound);
            }
        }
        List<String> labels = builds.stream().map(b -> "`" + b.label() + "`").toList();
        List<String> header = new ArrayList<>(List.of("measure"));
        labels.forEach(label -> header.add(label + ": median (min–max) s"));
        header.add("runs");
        header.add("goal");
        Table times = new Table(header.toArray(String[]::new));
        row(times, figures, "`up` spawned → control API answers (movies loaded, platform started)", f -> f.controlUp,
                "");
        row(times, figures, "`up` cold start: spawned → first 200 on prod `/version`", f -> f.coldStart, "≤ 5 s");
        row(times, figures, "scale api 2 → 3: call → the new task's server listens (its log)", f -> f.listening,
                "");
        row(times, figures, "scale api 2 → 3: call → the supervisor registers it in its target group (up's log)",
                f -> f.running, "");
        row(times, figures, "scale api 2 → 3: call → the load balancer sends it a request (HEALTHY: gets "
                + "traffic)", f -> f.healthy, "≤ 1.0 s");
        row(times, figures, "stop: SIGTERM to `up` → every process exited", f -> f.stop, "");
        Table memory = new Table("build", "processes", "RSS, sum", "PSS, sum", "PSS of `up`", "PSS per task");
        figures.forEach((build, f) -> {
            ProcessTree.Memory m = f.memory;
            long perTask = (m.pssBytes() - m.rootPssBytes()) / Math.max(1, m.processes() - 1);
            memory.row("`" + build.label() + "`", m.processes(), mb(m.rssBytes()), mb(m.pssBytes()),
                    mb(m.rootPssBytes()), mb(perTask));
        });
        System.out.print(times.console() + memory.console());
        return "## The local runtime: start, scale, memory\n\n"
                + "`bluegreen up` run as the launcher runs it (the built jar, the JVM flags the launcher gives `up` "
                + "and the class-data-sharing archive it trains after a build, which `up` also gives its tasks), "
                + "with the default task counts (production's web side at 2, the test side at 1, the API at 2), "
                + "free ports and a fresh data directory each run, so every start loads the starter movies into "
                + "a new database. " + (builds.size() > 1 ? "Two builds, the first the baseline (`"
                + builds.get(0).label() + "`), each in its own checkout with its own launcher's flags and archive; "
                + "every round runs both, one after the other. " : "") + rounds + " rounds. Cold start is from "
                + "spawning `up` to the first 200 on the prod listener's `/version`, polled every 5 ms. Then, once "
                + "every task is healthy, " + scalesPerRound + " times per round: `POST /api/services/api/scale "
                + "{\"count\":3}`, then back to 2 tasks and until the third has stopped. The new task's steps are "
                + "seen without loading the machine while its JVM starts: its server listening (the line in its own "
                + "log), its registration in the target group (the supervisor's event in `up`'s log, followed every "
                + "5 ms; log times are to the millisecond), and the first request the load balancer sends it, the "
                + "goal's measure: from the registration on, `GET /version` through the api listener every 2 ms on "
                + "one keep-alive connection, each answer naming the instance that served it, timed from when that "
                + "request was sent. (Polling `/api/status` every 5 ms, as this benchmark did before, costs the "
                + "platform about 6 ms of CPU a call, and a request through the load balancer costs it and a task "
                + "a few milliseconds while their code is cold: either, sent while the JVM starts, slowed the very "
                + "start it measured, by a fifth or more.) The start-up benchmark above times the bare process "
                + "instead (spawn to its first healthy answer). Stop is from SIGTERM to "
                + "`up` until it and every task have exited.\n\n"
                + times.markdown()
                + "\nMemory of the whole system 5 s after its first start (all tasks healthy, no load): `up` and "
                + "every process below it, from `/proc` (RSS from `status`, PSS from `smaps_rollup`). RSS counts "
                + "the pages the JVMs share, such as the JDK's libraries and the class archive, once per process; "
                + "PSS shares them out, so it is what the system really takes.\n\n"
                + memory.markdown()
                + verdicts(figures.get(builds.get(builds.size() - 1)));
    }

    private void runOnce(Bluegreen build, Figures f, int round, int scales) throws Exception {
        long spawned = System.nanoTime();
        Platform platform = Platform.spawn(build, work.resolve("system-data-" + builds.indexOf(build) + "-"
                + round));
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
            long cold = System.nanoTime() - spawned;
            f.coldStart.add(cold);
            f.controlUp.add(control < 0 ? cold : control);
            platform.awaitAllHealthy();
            if (round == 0) {
                // settled, as a user's system is a moment after it printed its URLs
                Thread.sleep(5_000);
                f.memory = ProcessTree.of(platform.handle());
                f.memory.perProcess().forEach(line -> System.out.println("    " + line));
            }
            for (int i = 0; i < scales; i++) {
                TaskStart task = scaleUpToHealthy(platform);
                f.listening.add(task.listening());
                f.running.add(task.running());
                f.healthy.add(task.healthy());
                System.out.printf("    task listening %.0f ms, registered %.0f ms, first request %.0f ms%n",
                        task.listening() / 1e6,
                        task.running() / 1e6, task.healthy() / 1e6);
            }
            f.stop.add(platform.stop().toNanos());
            System.out.printf("    control API %.2f s, cold start %.2f s, stop %.2f s%n", f.controlUp.get(round) / 1e9,
                    cold / 1e9, f.stop.get(round) / 1e9);
        } catch (Exception e) {
            System.out.println("  failed; up's log: " + platform.log());
            throw e;
        } finally {
            platform.close();
        }
    }

    private static String verdicts(Figures f) {
        double cold = median(f.coldStart) / 1e9;
        double healthy = median(f.healthy) / 1e9;
        List<String> lines = new ArrayList<>();
        lines.add(String.format("cold start, %.2f s (goal ≤ %.0f s): %s.", cold, COLD_START_GOAL_S,
                cold <= COLD_START_GOAL_S ? "met" : "missed"));
        lines.add(String.format("task start, %.2f s (goal ≤ %.1f s): %s. Medians of each step: %.0f ms until "
                + "the JVM's server listens (spawned at the scale call), %.0f ms more until the supervisor's probe "
                + "saw its first 200 and registered it, %.0f ms more until the target group had seen it pass its "
                + "first health checks (a new target is checked every %d ms until then) and sent it a request.",
                healthy, TASK_START_GOAL_S, healthy <= TASK_START_GOAL_S ? "met" : "missed",
                median(f.listening) / 1e6, medianOfDifferences(f.running, f.listening) / 1e6,
                medianOfDifferences(f.healthy, f.running) / 1e6,
                HealthCheck.NEW_TARGET_INTERVAL.toMillis()));
        return "\nThe last build against the goals:\n\n" + lines.stream().map(l -> "- " + l + "\n")
                .collect(Collectors.joining());
    }

    /**
     * The steps of a new api task from the scale call, each seen without loading the machine while its JVM starts:
     * when its server listened (its own log), when the supervisor registered it (the event in up's log, followed
     * every 5 ms), and when the load balancer first sent it a request: from the registration on, requests through
     * the api listener, one every 2 ms on one keep-alive connection, each answering with the instance that served
     * it. (Those requests cost the platform and the tasks a few milliseconds of CPU each while their code is cold:
     * sent during the JVM's start, they slowed it by a fifth.) Then back to the tasks there were.
     */
    private static TaskStart scaleUpToHealthy(Platform platform) throws Exception {
        Set<String> before = platform.tasks("api").stream().map(Platform.Task::id).collect(Collectors.toSet());
        URI version = URI.create("http://127.0.0.1:" + platform.apiPort + "/version");
        LogTail upLog = new LogTail(platform.log());
        Instant called = Instant.now();
        long start = System.nanoTime();
        Platform.Outcome outcome = platform.scale("api", before.size() + 1);
        if (!outcome.done()) {
            throw new IllegalStateException("scale refused: " + outcome.body());
        }
        long deadline = start + Duration.ofSeconds(60).toNanos();
        Matcher registered = null;
        while (registered == null) {
            for (String line : upLog.newLines()) {
                Matcher m = REGISTERED.matcher(line);
                if (m.find() && !before.contains(m.group(2))) {
                    registered = m;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no new api task registered within 60 s: " + platform.tasks("api"));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        String task = registered.group(2);
        while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(version).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 && task.equals(JSON.readTree(answer.body()).path("instance").asText())) {
                long listening = millisSince(called, Platform.loggedAt(platform.taskLog("api", task),
                        "listening on", Duration.ofSeconds(5)));
                long registration = millisSince(called, OffsetDateTime.parse(registered.group(1)).toInstant());
                platform.scale("api", before.size());
                platform.awaitTaskCount("api", before.size());
                return new TaskStart(listening * 1_000_000, registration * 1_000_000, sent - start);
            }
            LockSupport.parkNanos(TRAFFIC_POLL_NANOS);
        }
        throw new IllegalStateException("no request went to " + task + " within 60 s: " + platform.tasks("api"));
    }

    private static long millisSince(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static void row(Table table, Map<Bluegreen, Figures> figures, String measure,
                            java.util.function.Function<Figures, List<Long>> values, String goal) {
        List<Object> cells = new ArrayList<>(List.of(measure));
        int runs = 0;
        for (Figures f : figures.values()) {
            List<Long> nanos = values.apply(f);
            cells.add(String.format("%s (%s–%s)", s(median(nanos)), s(Collections.min(nanos)),
                    s(Collections.max(nanos))));
            runs = nanos.size();
        }
        cells.add(runs);
        cells.add(goal);
        table.row(cells.toArray());
    }

    private static long medianOfDifferences(List<Long> later, List<Long> earlier) {
        List<Long> differences = new ArrayList<>();
        for (int i = 0; i < later.size(); i++) {
            differences.add(later.get(i) - earlier.get(i));
        }
        return median(differences);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String s(long nanos) {
        return String.format("%.2f", nanos / 1e9);
    }

    private static String mb(long bytes) {
        return String.format("%.0f MB", bytes / 1048576.0);
    }
}
