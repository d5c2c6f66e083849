package dev.bluegreen.bench;

import dev.bluegreen.cli.up.JvmOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * From spawning {@code bluegreen api} to its first healthy answer, and the CPU it used until then, with the JVM
 * flags and class archives that matter for start-up; every way once per round, so that whatever else runs on the
 * machine weighs on all of them alike.
 */
final class StartupBench {

    /** One way to start the API: which JVM, which class archive (its flags), which other flags. */
    private record Way(String jvm, Path java, String archive, List<String> archiveFlags, List<String> more,
                       String note) {

        List<String> flags() {
            List<String> all = new ArrayList<>(base());
            all.addAll(archiveFlags);
            all.addAll(more);
            return all;
        }
    }

    /** Spawn to the first 200, and the process's CPU time (user and system, all its threads) then. */
    private record Start(double millis, double cpuMillis) {
    }

    private static final String JETTY = "-Dorg.eclipse.jetty.util.referencesPerCacheLine=16";
    private static final int NEWER_JDK = 25;

    private final Bluegreen bluegreen;
    private final Path work;

    StartupBench(Bluegreen bluegreen, Path work) {
        this.bluegreen = bluegreen;
        this.work = work;
    }

    String run(int rounds) throws Exception {
        Path db = work.resolve("startup.db");
        bluegreen.run(Map.of(), "load", "--db", db.toString());
        List<Way> ways = ways();
        Map<Way, List<Start>> starts = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Way way : ways) {
                starts.computeIfAbsent(way, w -> new ArrayList<>()).add(start(way, db));
            }
        }
        Table table = new Table("JVM", "class archive", "more flags", "median ms", "min ms", "CPU ms, median",
                "runs", "");
        starts.forEach((way, list) -> {
            List<Double> millis = sorted(list.stream().map(Start::millis).toList());
            List<Double> cpu = sorted(list.stream().map(Start::cpuMillis).toList());
            String more = way.more().stream().map(flag -> flag.equals(JETTY) ? "Jetty property" : "`" + flag + "`")
                    .collect(java.util.stream.Collectors.joining(", "));
            table.row(way.jvm(), way.archive(), more, String.format("%.0f", median(millis)),
                    String.format("%.0f", millis.get(0)), String.format("%.0f", median(cpu)), list.size(),
                    way.note());
        });
        System.out.print(table.console());
        return "## Service start to first healthy answer\n\n"
                + "Time from spawning `java ... -cp bluegreen.jar dev.bluegreen.cli.Main api` (starter movies in "
                + "SQLite) to its first 200 on `/health`, polled every 2 ms, and the CPU time the process had used "
                + "by then (all its threads: the JIT compilers' too); each way once per round, " + rounds
                + " rounds. The CPU is what counts when `up` starts its tasks at once on two cores. Every way "
                + "has `" + String.join(" ", base()) + "`; an archive of Java 17 is given with `-XX:SharedArchiveFile="
                + "… -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0`, Java 25's cache with "
                + "`-XX:AOTCache=…`; the Jetty property is `" + JETTY + "`. "
                + "`bluegreen.jsa` is the class-data-sharing archive the launcher trains after a build: a static "
                + "archive (`-XX:DumpLoadedClassList` during a training run of the API, the web front end and the "
                + "load balancer, then `-Xshare:dump`), which also holds picocli's pre-Java-6 class files that a "
                + "dynamic archive (`-XX:ArchiveClassesAtExit`, the launcher's way before) leaves out. "
                + "`ArchiveRelocationMode=0` maps it where it was written instead of relocating it (Debian's JDK "
                + "relocates by default). The Jetty property spares each JVM the platform MBean server (about 50 "
                + "ms), which Jetty starts to ask whether pointers are compressed. Tasks started by `up` get the "
                + "row marked *used*.\n\n"
                + table.markdown()
                + "\nWhere the time goes (async-profiler, CPU, one start with the static archive, Java 17): the JIT "
                + "compilers use about as much CPU as the main thread (C2 compiles the hot loops that index the "
                + "jar's 30,000 entries and hash strings); on the main thread picocli models the command by "
                + "reflection (about 60 ms), the store opens SQLite (native library, logging's start; about 80 "
                + "ms), Javalin and Jetty start (about 120 ms), then the first request.\n";
    }

    private List<Way> ways() throws IOException, InterruptedException {
        Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cds = JvmOptions.cds(bluegreen.archive());
        Path dynamic = ClassArchives.dynamic(java17, bluegreen.jar(), work.resolve("dynamic.jsa"));
        String v17 = System.getProperty("java.version");
        List<String> c1 = List.of(JETTY, "-XX:TieredStopAtLevel=1");
        List<Way> ways = new ArrayList<>(List.of(
                new Way(v17, java17, "none", List.of(), List.of(), ""),
                new Way(v17, java17, "dynamic", JvmOptions.cds(dynamic), List.of(), "the launcher's before"),
                new Way(v17, java17, "static", cds, List.of(), ""),
                new Way(v17, java17, "static", cds, List.of(JETTY), "**used**"),
                new Way(v17, java17, "static", cds, c1, "C1 only: serves slower, not used")));
        Optional<Path> newer = ClassArchives.jdk(NEWER_JDK);
        if (newer.isPresent()) {
            Path cache = ClassArchives.aotCache(newer.get(), base(), bluegreen.jar(), work.resolve("api.aot"));
            String version = javaRelease(newer.get());
            List<String> aot = List.of("-XX:AOTCache=" + cache);
            ways.add(new Way(version, newer.get(), "AOT cache", aot, List.of(JETTY), "not used"));
            ways.add(new Way(version, newer.get(), "AOT cache", aot, c1, "not used"));
        }
        return ways;
    }

    /** The services' flags but for the archive and the Jetty property, which the rows add. */
    private static List<String> base() {
        return JvmOptions.forServices().stream().filter(flag -> !flag.equals(JETTY)).toList();
    }

    private Start start(Way way, Path db) throws Exception {
        int port = Bluegreen.freePort();
        Path log = work.resolve("startup.log");
        long start = System.nanoTime();
        Process api = new ProcessBuilder(bluegreen.command(way.java(), way.flags(), "api", "--port",
                Integer.toString(port), "--db", db.toString())).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        Bluegreen.awaitHealthy(api, port, log);
        double millis = (System.nanoTime() - start) / 1e6;
        double cpu = ProcessTree.cpuNanos(List.of(api.toHandle())) / 1e6;
        Bluegreen.stop(api);
        return new Start(millis, cpu);
    }

    private static String javaRelease(Path java) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        int quote = out.indexOf('"');
        return quote < 0 ? java.toString() : out.substring(quote + 1, out.indexOf('"', quote + 1));
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }
}
