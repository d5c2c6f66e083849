package dev.bluegreen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How much of the machine's CPU went to processes outside this benchmark while it ran: the benchmarks share two
 * cores with whatever else runs (a build, tests), and a figure is only worth as much as that share is small.
 * From /proc: the machine's busy time, less the time of this JVM and everything it started (the processes still
 * running, and those that exited and were waited for, which the kernel adds to their parent's children's time).
 */
final class MachineLoad {

    /** CPU time so far, in clock ticks: the whole machine's busy time and this benchmark's own. */
    record Snapshot(long nanos, long machineBusyTicks, long ownTicks) {
    }

    private MachineLoad() {
    }

    static Snapshot now() {
        ProcessHandle self = ProcessHandle.current();
        long own = Stream.concat(Stream.of(self), self.descendants()).mapToLong(MachineLoad::ticksWithChildren).sum();
        return new Snapshot(System.nanoTime(), machineBusy(), own);
    }

    /** The share of all cores that other processes used between two snapshots, from 0 to 1. */
    static double othersShare(Snapshot from, Snapshot to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        double capacityTicks = seconds * ProcessTree.CLOCK_TICKS_PER_SECOND
                * Runtime.getRuntime().availableProcessors();
        long others = (to.machineBusyTicks() - from.machineBusyTicks()) - (to.ownTicks() - from.ownTicks());
        return Math.max(0, Math.min(1, others / capacityTicks));
    }

    /**
     * How long a fixed piece of CPU work takes on one core (SHA-256 of 96 MB, the best of 5): the same on a given
     * machine unless something this machine's counters cannot see (a neighbour on the same host) shares its cores.
     */
    static double fixedWorkMillis() {
        byte[] data = new byte[8 << 20];
        new java.util.Random(1).nextBytes(data);
        long best = Long.MAX_VALUE;
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < 12; i++) {
                    sha.update(data);
                }
                sha.digest();
                best = Math.min(best, System.nanoTime() - start);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return best / 1e6;
    }

    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticksWithChildren(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            // after the command in parentheses: utime, stime, cutime, cstime are the 12th to 15th fields
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException exited) {
            return 0;
        }
    }
}
