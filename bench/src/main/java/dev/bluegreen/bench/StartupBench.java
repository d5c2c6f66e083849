package dev.bluegreen.bench;

import dev.bluegreen.cli.up.JvmOptions;
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
        Path archive = bluegreen.archive();
        List<String> base = JvmOptions.forServices();
        String[] cds = JvmOptions.cds(archive).toArray(String[]::new);
        Table table = new Table("JVM flags", "median ms", "min ms", "runs");
        for (List<String> flags : List.of(base, with(base, "-XX:TieredStopAtLevel=1"), with(base, cds),
                with(with(base, "-XX:TieredStopAtLevel=1"), cds))) {
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                millis.add(timeToHealthy(flags, db));
            }
            Collections.sort(millis);
            String shown = String.join(" ", flags).replace(archive.toString(), "bluegreen.jsa");
            table.row("`" + shown + "`", String.format("%.0f", millis.get(millis.size() / 2)),
                    String.format("%.0f", millis.get(0)), runs);
            System.out.printf("  %-80s %6.0f ms%n", shown, millis.get(millis.size() / 2));
        }
        return "## Service start to first healthy answer\n\n"
                + "Time from spawning `java ... -jar bluegreen.jar api` (starter movies in SQLite) to its first 200 "
                + "on `/health`, polled every 2 ms. `bluegreen.jsa` is the class-data-sharing archive the launcher "
                + "writes after a build (a training run of the API and the web front end, `-XX:ArchiveClassesAtExit`);"
                + " `ArchiveRelocationMode=0` maps it where it was written instead of relocating it (Debian's JDK "
                + "relocates by default). Services started by `up` get `-XX:+UseSerialGC -Xss512k` and the archive; "
                + "`-XX:TieredStopAtLevel=1` (C1 only) starts faster but serves slower, so it is not used.\n\n"
                + table.markdown()
                + "\nThe goal of 0.6 s is not reached. Where the time goes (tiered, with the archive, measured "
                + "separately): about 150 ms to `main`, about 150 ms for picocli to model the command (its classes are "
                + "Java 5 bytecode, which class-data sharing cannot archive), about 170 ms to open the store "
                + "(including logging's start), about 350 ms for Javalin and Jetty to start, and the first request.\n";
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

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
