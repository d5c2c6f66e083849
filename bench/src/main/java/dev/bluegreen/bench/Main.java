package dev.bluegreen.bench;

import dev.bluegreen.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Runs the benchmarks named on the command line (default: all), prints their tables and rewrites their sections
 * of BENCHMARKS.md. Run from the repository root through {@code bench/run}.
 */
public final class Main {

    /**
     * A baseline build to compare with, where the benchmark does (system): the checkout named by
     * {@code $BLUEGREEN_BENCH_BASELINE}, already built, e.g. a {@code git worktree} of an older commit.
     */
    private static Optional<Bluegreen> baseline() throws Exception {
        String checkout = System.getenv("BLUEGREEN_BENCH_BASELINE");
        return checkout == null || checkout.isBlank() ? Optional.empty()
                : Optional.of(new Bluegreen(Path.of(checkout)));
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("api", "loader", "startup", "flip", "proxy", "system",
                "pipeline")
                : List.of(args);
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createTempDirectory("bluegreen-bench");
        Bluegreen bluegreen = new Bluegreen(root);
        Path sample = SampleData.fullSample();
        BenchmarksFile file = new BenchmarksFile(root.resolve("BENCHMARKS.md"));
        String when = "\n\n_Last run: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE) + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version");
        for (String name : which) {
            System.out.println("== " + name);
            double speedBefore = MachineLoad.fixedWorkMillis();
            MachineLoad.Snapshot before = MachineLoad.now();
            String section = switch (name) {
                case "api" -> new ApiBench(bluegreen, work, sample).run(50, Duration.ofSeconds(5),
                        Duration.ofSeconds(10));
                case "loader" -> new LoaderBench(bluegreen, work, sample).run(3);
                case "startup" -> new StartupBench(bluegreen, work).run(7);
                case "flip" -> new FlipBench(bluegreen, work).run(50, 2_000, 2_000, Duration.ofSeconds(100), 5,
                        Duration.ofSeconds(2));
                case "proxy" -> new ProxyBench(bluegreen, work, sample).run(50, Duration.ofSeconds(10),
                        Duration.ofSeconds(10), 3, 50, 2_000, 50);
                case "system" -> new SystemBench(bluegreen, baseline(), work).run(5, 3);
                case "pipeline" -> new PipelineBench(bluegreen, work).run(5, 50, 400);
                default -> throw new IllegalArgumentException("unknown benchmark '" + name
                        + "' (expected api, loader, startup, flip, proxy, system, pipeline)");
            };
            // what else ran on the machine meanwhile, so that a disturbed run shows as one
            String others = String.format("; other processes used %.0f %% of the CPU meanwhile; a fixed piece of "
                    + "CPU work took %.0f ms before and %.0f ms after (it takes longer when the cores are shared "
                    + "beyond what this machine's counters see)._%n",
                    100 * MachineLoad.othersShare(before, MachineLoad.now()), speedBefore,
                    MachineLoad.fixedWorkMillis());
            file.write(name, section + when + others);
            System.out.println(section + when + others);
        }
    }
}
