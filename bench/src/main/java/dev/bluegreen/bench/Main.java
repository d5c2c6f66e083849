package dev.bluegreen.bench;

import dev.bluegreen.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Runs the benchmarks named on the command line (default: all), prints their tables and rewrites their sections
 * of BENCHMARKS.md. Run from the repository root through {@code bench/run}.
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("api", "loader", "startup", "flip", "proxy", "system",
                "pipeline")
                : List.of(args);
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createTempDirectory("bluegreen-bench");
        Bluegreen bluegreen = new Bluegreen(root.resolve("cli/target/bluegreen.jar"));
        Path sample = SampleData.fullSample();
        BenchmarksFile file = new BenchmarksFile(root.resolve("BENCHMARKS.md"));
        String when = "\n\n_Last run: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE) + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version");
        for (String name : which) {
            System.out.println("== " + name);
            MachineLoad.Snapshot before = MachineLoad.now();
            String section = switch (name) {
                case "api" -> new ApiBench(bluegreen, work, sample).run(50, Duration.ofSeconds(5),
                        Duration.ofSeconds(10));
                case "loader" -> new LoaderBench(bluegreen, work, sample).run(3);
                case "startup" -> new StartupBench(bluegreen, work).run(7);
                case "flip" -> new FlipBench(bluegreen, work).run(50, 2_000, 2_000, Duration.ofSeconds(100), 5,
                        Duration.ofSeconds(2));
                case "proxy" -> new ProxyBench(bluegreen, work, sample).run(50, Duration.ofSeconds(10),
                        Duration.ofSeconds(10), 2, 50, 2_000, 50);
                case "system" -> new SystemBench(bluegreen, work).run(5);
                case "pipeline" -> new PipelineBench(bluegreen, work).run(5, 50, 400);
                default -> throw new IllegalArgumentException("unknown benchmark '" + name
                        + "' (expected api, loader, startup, flip, proxy, system, pipeline)");
            };
            // what else ran on the machine meanwhile, so that a disturbed run shows as one
            String others = String.format("; other processes used %.0f %% of the CPU meanwhile._%n",
                    100 * MachineLoad.othersShare(before, MachineLoad.now()));
            file.write(name, section + when + others);
            System.out.println(section + when + others);
        }
    }
}
