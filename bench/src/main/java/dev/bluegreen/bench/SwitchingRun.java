package dev.bluegreen.bench;

import dev.bluegreen.bench.LoadGenerator.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Switches traffic from one side to the other again and again under a steady keep-alive load, and measures what
 * clients saw. A switch starts only when every connection has had an answer from the side of the previous one
 * (or after a timeout), so that each switch is measured on its own.
 */
final class SwitchingRun {

    /** Carries out one switch. */
    interface Switcher {
        /** Switch number {@code index} (from 0); returns the side that answers from now on, or null if refused. */
        String switchOnce(int index) throws Exception;
    }

    /** A switch as carried out: when it was asked for, when it returned, the side it sent traffic to. */
    private record Done(long calledNanos, long returnedNanos, String side) {
    }

    /**
     * What the clients saw. A stale answer comes from the old side to a request sent after the switch returned and
     * answered before the next switch began (one sent before the next switch but still queued when it happens may
     * rightly go either way). Propagation of a switch is the time from its return to the first answer from the new
     * side, on its slowest connection, counting only requests sent after it returned; "first request" is the
     * latency of the first request each connection sent after a switch (to compare with all requests' latency).
     */
    record Result(int switches, int refused, int unreached, long requests, long failed, long ioErrors,
                  String firstFailure,
                  long stale, Percentiles latency, Percentiles propagation, Percentiles firstRequest,
                  Percentiles switchCall, long lateSends, long reconnects, double seconds) {

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private SwitchingRun() {
    }

    static Result run(LoadGenerator load, Switcher switcher, int switches, Duration warmUp, Duration limit,
                      Duration reachTimeout) throws Exception {
        long begin = System.nanoTime();
        load.start();
        List<Done> done = new ArrayList<>();
        int refused = 0;
        int unreached = 0;
        List<List<Sample>> samples;
        long measuredFrom;
        try {
            Thread.sleep(warmUp.toMillis());
            measuredFrom = System.nanoTime();
            long deadline = System.nanoTime() + limit.toNanos();
            for (int i = 0; i < switches && System.nanoTime() < deadline; i++) {
                long called = System.nanoTime();
                String side = switcher.switchOnce(i);
                long returned = System.nanoTime();
                if (side == null) {
                    refused++;
                    Thread.sleep(100);
                    continue;
                }
                done.add(new Done(called, returned, side));
                LoadGenerator.Switch aSwitch = new LoadGenerator.Switch(returned, side);
                load.announce(aSwitch);
                long giveUp = returned + reachTimeout.toNanos();
                while (aSwitch.reached.get() < load.connections() && System.nanoTime() < giveUp) {
                    LockSupport.parkNanos(200_000);
                }
                if (aSwitch.reached.get() < load.connections()) {
                    unreached++;
                }
            }
            // the last switch keeps the load a little longer, so that its stale answers would show too
            Thread.sleep(500);
        } finally {
            samples = load.stop();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return analyse(samples, done, refused, unreached, load, seconds, measuredFrom);
    }

    private static Result analyse(List<List<Sample>> samples, List<Done> done, int refused, int unreached,
                                  LoadGenerator load, double seconds, long measuredFrom) {
        long requests = 0;
        long failed = 0;
        long ioErrors = 0;
        String firstFailure = null;
        List<Long> latencies = new ArrayList<>();
        for (List<Sample> connection : samples) {
            for (Sample s : connection) {
                requests++;
                if (s.failed()) {
                    failed++;
                    ioErrors += s.error() != null ? 1 : 0;
                    if (firstFailure == null) {
                        firstFailure = s.error() != null ? s.error() : "HTTP " + s.status();
                    }
                } else if (s.sentNanos() >= measuredFrom) {
                    // latency of the warmed-up system only; failures count from the first request
                    latencies.add(s.latencyNanos());
                }
            }
        }
        long stale = 0;
        List<Long> propagation = new ArrayList<>();
        List<Long> firstRequest = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        for (int k = 0; k < done.size(); k++) {
            Done d = done.get(k);
            calls.add(d.returnedNanos() - d.calledNanos());
            long until = k + 1 < done.size() ? done.get(k + 1).calledNanos() : Long.MAX_VALUE;
            long worstPropagation = 0;
            boolean everyConnection = true;
            for (List<Sample> connection : samples) {
                boolean reached = false;
                boolean first = true;
                for (int i = firstSentAtOrAfter(connection, d.returnedNanos()); i < connection.size()
                        && connection.get(i).sentNanos() < until; i++) {
                    Sample s = connection.get(i);
                    if (first && !s.failed()) {
                        firstRequest.add(s.latencyNanos());
                    }
                    first = false;
                    if (s.failed()) {
                        continue;
                    }
                    if (!d.side().equals(s.side())) {
                        // one answered after the next switch began may rightly come from the next side
                        stale += s.receivedNanos() < until ? 1 : 0;
                    } else if (!reached) {
                        reached = true;
                        worstPropagation = Math.max(worstPropagation, s.receivedNanos() - d.returnedNanos());
                    }
                }
                everyConnection &= reached;
            }
            if (everyConnection) {
                propagation.add(worstPropagation);
            }
        }
        return new Result(done.size(), refused, unreached, requests, failed, ioErrors, firstFailure, stale,
                new Percentiles(latencies), new Percentiles(propagation), new Percentiles(firstRequest),
                new Percentiles(calls), load.lateSends(), load.reconnects(), seconds);
    }

    /** Samples of one connection are in the order sent: binary search for the first sent at or after a time. */
    private static int firstSentAtOrAfter(List<Sample> connection, long nanos) {
        int low = 0;
        int high = connection.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (connection.get(mid).sentNanos() < nanos) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
