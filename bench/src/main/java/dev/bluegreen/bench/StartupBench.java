package dev.bluegreen.bench;

import dev.bluegreen.cli.up.JvmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * From spawning {@code bluegreen api} to its first healthy answer, with the JVM flags that matter for start-up:
 * C1 only, and an application class-data-sharing archive made by a training run.
 */
final class StartupBench {

    private final Bluegreen bluegreen;
    private final Path work;

    StartupBench(Bluegreen bluegreen, Path work) {
        this.bluegreen = bluegreen;
        this.work = work;
    }

    String run(int runs) throws Exception {
        Path db = work.resolve("startup.db");
        bluegreen.run(Map.of(), "load", "--db", db.toString());
        Path archive = work.resolve("api.jsa");
        train(archive, db);

        List<String> services = JvmOptions.forServices();
        Table table = new Table("JVM flags", "median ms", "min ms", "runs");
        for (List<String> flags : List.of(services, with(services, "-XX:TieredStopAtLevel=1"),
                with(services, "-XX:SharedArchiveFile=" + archive),
                with(services, "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + archive))) {
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                millis.add(timeToHealthy(flags, db));
            }
            Collections.sort(millis);
            String shown = String.join(" ", flags).replace(archive.toString(), "api.jsa");
            table.row("`" + shown + "`", String.format("%.0f", millis.get(millis.size() / 2)),
                    String.format("%.0f", millis.get(0)), runs);
            System.out.printf("  %-80s %6.0f ms%n", shown, millis.get(millis.size() / 2));
        }
        return "## Service start to first healthy answer\n\n"
                + "Time from spawning `java ... -jar bluegreen.jar api` (starter movies in SQLite) to its first 200 "
                + "on `/health`, polled every 2 ms. `api.jsa` is an AppCDS archive written by one training run "
                + "(`-XX:ArchiveClassesAtExit`).\n\n" + table.markdown();
    }

    private double timeToHealthy(List<String> flags, Path db) throws Exception {
        int port = Bluegreen.freePort();
        long start = System.nanoTime();
        Process api = bluegreen.serve(flags, port, work.resolve("startup.log"), "api", "--port",
                Integer.toString(port), "--db", db.toString());
        double millis = (System.nanoTime() - start) / 1e6;
        Bluegreen.stop(api);
        return millis;
    }

    private void train(Path archive, Path db) throws Exception {
        Files.deleteIfExists(archive);
        int port = Bluegreen.freePort();
        Process api = bluegreen.serve(with(JvmOptions.forServices(), "-XX:ArchiveClassesAtExit=" + archive), port,
                work.resolve("train.log"), "api", "--port", Integer.toString(port), "--db", db.toString());
        Bluegreen.stop(api);
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run wrote no archive; see " + work.resolve("train.log"));
        }
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
