package dev.bluegreen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.bench.LoadGenerator.Sample;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Releases that shift traffic step by step, under a steady keep-alive load on the prod listener of {@code up}: a
 * canary, a linear release and a shift aborted by a rollback, round after round, every step a call to the control
 * API. What clients saw: failures, answers from a side whose weight the last change had set to 0, and each side's
 * share of the answers between one step and the next.
 */
final class ReleaseRun {

    /** A kind of release: the percents it shifts to the new build in turn, 0 for the rollback that ends it. */
    enum Release {
        CANARY("canary: 10 %, then 100 %", 10, 100),
        LINEAR("linear: 25 %, 50 %, 75 %, 100 %", 25, 50, 75, 100),
        ABORTED("aborted: 10 %, 50 %, then rollback", 10, 50, 0);

        final String label;
        final int[] percents;

        Release(String label, int... percents) {
            this.label = label;
            this.percents = percents;
        }
    }

    /** One change as carried out: when it was asked for and returned, and production's weights after it. */
    private record Step(Release release, int percent, String newSide, long calledNanos, long returnedNanos,
                        Map<String, Integer> weights) {
    }

    /**
     * What clients saw during one kind of release, over every round. {@code shares}: for each percent asked (1 to
     * 99), the answers from the new build's side and all answers, to requests sent after the step returned and
     * answered before the next one began; {@code zeroWeight}: answers, in those same windows, from a side the step
     * had set to 0 %.
     */
    record Result(Release release, int steps, Percentiles stepCall, long requests, long failed, String firstFailure,
                  long zeroWeight, Map<Integer, long[]> shares, Percentiles latency) {
    }

    private ReleaseRun() {
    }

    /** Deploys a build of the app to the test side, then runs the releases between it and production's build. */
    static List<Result> run(Platform platform, int connections, int requestsPerSecond, int rounds, Duration hold)
            throws Exception {
        String fresh = awaitReview(platform);
        awaitTestAtFullSize(platform);
        String old = image(platform, "prod");
        System.out.printf("  releases between %s and %s, %d rounds%n", old, fresh, rounds);
        LoadGenerator load = new LoadGenerator(platform.prodPort, "/version", connections, requestsPerSecond);
        List<Step> steps = new ArrayList<>();
        List<List<Sample>> samples;
        load.start();
        try {
            Thread.sleep(hold.toMillis());
            for (int round = 0; round < rounds; round++) {
                release(platform, Release.CANARY, fresh, steps, hold);
                release(platform, Release.LINEAR, old, steps, hold); // production back on the old build
                release(platform, Release.ABORTED, fresh, steps, hold);
            }
        } finally {
            samples = load.stop();
        }
        return analyse(samples, steps);
    }

    private static void release(Platform platform, Release release, String build, List<Step> steps, Duration hold)
            throws Exception {
        for (int percent : release.percents) {
            long called = System.nanoTime();
            Platform.Outcome outcome = percent == 0 ? platform.rollback() : platform.shift(build, percent);
            long returned = System.nanoTime();
            if (!outcome.done()) {
                throw new IllegalStateException(release.label + ", step " + percent + " %, refused: " + outcome.body());
            }
            JsonNode body = outcome.body();
            int shifted = body.path("shifted").asInt();
            Map<String, Integer> weights = new LinkedHashMap<>();
            weights.put(body.path("prod").asText(), 100 - shifted);
            if (shifted > 0) {
                weights.put(body.path("test").asText(), shifted);
            }
            String newSide = body.path(percent == 100 ? "prod" : "test").asText();
            steps.add(new Step(release, percent, newSide, called, returned, weights));
            Thread.sleep(hold.toMillis());
        }
    }

    private static List<Result> analyse(List<List<Sample>> samples, List<Step> steps) {
        Map<Release, List<Long>> calls = new EnumMap<>(Release.class);
        Map<Release, List<Long>> latencies = new EnumMap<>(Release.class);
        Map<Release, long[]> counts = new EnumMap<>(Release.class); // requests, failed, answers at 0 %
        Map<Release, String> firstFailures = new EnumMap<>(Release.class);
        Map<Release, Map<Integer, long[]>> shares = new EnumMap<>(Release.class);
        for (Release release : Release.values()) {
            calls.put(release, new ArrayList<>());
            latencies.put(release, new ArrayList<>());
            counts.put(release, new long[3]);
            shares.put(release, new TreeMap<>());
        }
        for (int k = 0; k < steps.size(); k++) {
            Step step = steps.get(k);
            calls.get(step.release()).add(step.returnedNanos() - step.calledNanos());
            long next = k + 1 < steps.size() ? steps.get(k + 1).calledNanos() : Long.MAX_VALUE;
            long[] count = counts.get(step.release());
            long[] share = step.percent() > 0 && step.percent() < 100
                    ? shares.get(step.release()).computeIfAbsent(step.percent(), p -> new long[2]) : null;
            for (List<Sample> connection : samples) {
                for (Sample s : connection) {
                    if (s.sentNanos() < step.calledNanos() || s.sentNanos() >= next) {
                        continue;
                    }
                    count[0]++;
                    if (s.failed()) {
                        count[1]++;
                        firstFailures.putIfAbsent(step.release(), s.error() != null ? s.error() : "HTTP " + s.status());
                        continue;
                    }
                    latencies.get(step.release()).add(s.latencyNanos());
                    // only what was sent after the change returned, and answered before the next one began
                    if (s.sentNanos() < step.returnedNanos() || s.receivedNanos() >= next) {
                        continue;
                    }
                    count[2] += step.weights().getOrDefault(s.side(), 0) == 0 ? 1 : 0;
                    if (share != null) {
                        share[0] += step.newSide().equals(s.side()) ? 1 : 0;
                        share[1]++;
                    }
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (Release release : Release.values()) {
            long[] count = counts.get(release);
            results.add(new Result(release, calls.get(release).size(), new Percentiles(calls.get(release)), count[0],
                    count[1], firstFailures.get(release), count[2], shares.get(release),
                    new Percentiles(latencies.get(release))));
        }
        return results;
    }

    /** Starts the pipeline on the app repository's head; once its build waits for review, the test side runs it. */
    private static String awaitReview(Platform platform) throws IOException, InterruptedException {
        long before = platform.get("/api/executions?limit=1").path(0).path("id").asLong();
        Platform.Outcome deploy = platform.deploy();
        if (!deploy.done()) {
            throw new IOException("deploy refused: " + deploy.body());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode newest = platform.get("/api/executions?limit=1").path(0);
            if (newest.path("id").asLong() > before) {
                String status = newest.path("status").asText();
                if (status.equals("AWAITING_APPROVAL")) {
                    return newest.path("tag").asText();
                }
                if (!status.equals("RUNNING")) {
                    throw new IOException("the deployment ended " + status + ": " + newest);
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("no build waited for review within 3 minutes");
    }

    /**
     * Until the test side runs as many healthy tasks as production (the pipeline makes a build under review ready
     * at full size): the first step then costs what every step costs, not the wait for a task to start.
     */
    private static void awaitTestAtFullSize(Platform platform) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = platform.status();
            String test = group(status, "test");
            for (JsonNode service : status.path("services")) {
                if (service.path("targetGroup").asText().equals(test) && service.path("runningCount").asInt()
                        >= status.path("webTasks").path("production").asInt()) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("the test side did not reach production's task count within 2 minutes");
    }

    private static String group(JsonNode status, String listener) {
        for (JsonNode l : status.path("listeners")) {
            if (listener.equals(l.path("name").asText())) {
                return l.path("targetGroup").asText();
            }
        }
        return null;
    }

    /** The build (Image tag) of the target group a listener forwards to. */
    private static String image(Platform platform, String listener) throws IOException, InterruptedException {
        JsonNode status = platform.status();
        String group = group(status, listener);
        for (JsonNode g : status.path("targetGroups")) {
            if (g.path("name").asText().equals(group)) {
                return g.path("tags").path("Image").asText();
            }
        }
        throw new IOException("listener " + listener + " forwards to no target group with an image: " + status);
    }
}
