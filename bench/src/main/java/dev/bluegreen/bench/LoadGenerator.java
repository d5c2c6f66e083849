package dev.bluegreen.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A paced load generator: a fixed number of keep-alive connections to 127.0.0.1, each sending {@code GET path}
 * at the same steady interval (phases spread evenly so that the total rate is smooth), one thread per connection.
 * Every request is recorded with its connection, send and receive times, status and the side that answered
 * ({@code "side"} in the JSON body), so that a switch can be followed connection by connection.
 */
final class LoadGenerator implements AutoCloseable {

    /** One request; {@code error} is set when it got no HTTP answer at all. */
    record Sample(int connection, long sentNanos, long receivedNanos, int status, String side, String error) {
        boolean failed() {
            return error != null || status != 200;
        }

        long latencyNanos() {
            return receivedNanos - sentNanos;
        }
    }

    /**
     * A switch that has just returned: each connection counts itself once, at its first answer from the new side
     * to a request it sent after the switch returned. The switcher waits on {@link #reached} before the next one.
     */
    static final class Switch {
        final long returnedNanos;
        final String side;
        final AtomicInteger reached = new AtomicInteger();

        Switch(long returnedNanos, String side) {
            this.returnedNanos = returnedNanos;
            this.side = side;
        }
    }

    private static final Pattern SIDE = Pattern.compile("\"side\"\\s*:\\s*\"([^\"]*)\"");

    private final int port;
    private final String path;
    private final int connections;
    private final long intervalNanos;
    private final List<List<Sample>> samples = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong lateSends = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean running;
    private volatile Switch current;

    LoadGenerator(int port, String path, int connections, int requestsPerSecond) {
        this.port = port;
        this.path = path;
        this.connections = connections;
        this.intervalNanos = Math.round(connections * 1e9 / requestsPerSecond);
    }

    LoadGenerator start() {
        running = true;
        long start = System.nanoTime() + 10_000_000;
        for (int i = 0; i < connections; i++) {
            List<Sample> own = new ArrayList<>();
            samples.add(own);
            int connection = i;
            long phase = start + i * intervalNanos / connections;
            Thread thread = new Thread(() -> drive(connection, phase, own), "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    /** Announces a switch that has returned, for the connections to report reaching its side. */
    void announce(Switch aSwitch) {
        current = aSwitch;
    }

    /** Stops sending, waits for the requests in flight, returns every request made, connection by connection. */
    List<List<Sample>> stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        return samples;
    }

    /** Sends that were due while the previous request of the same connection was still waiting for its answer. */
    long lateSends() {
        return lateSends.get();
    }

    /** Connections reopened, after the server closed one or after an error. */
    long reconnects() {
        return reconnects.get();
    }

    private void drive(int connection, long first, List<Sample> own) {
        KeepAliveConnection open = null;
        Switch reachedFor = null;
        boolean opened = false;
        for (long next = first; running; ) {
            for (long wait = next - System.nanoTime(); wait > 0 && running; wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (!running) {
                break;
            }
            long sent = System.nanoTime();
            try {
                if (open != null && open.closedByServer()) {
                    open.close();
                    open = null;
                }
                if (open == null) {
                    if (opened) {
                        reconnects.incrementAndGet();
                    }
                    opened = true;
                    open = new KeepAliveConnection(port, path);
                }
                KeepAliveConnection.Response response = open.get();
                long received = System.nanoTime();
                String side = sideOf(response.body());
                own.add(new Sample(connection, sent, received, response.status(), side, null));
                Switch aSwitch = current;
                if (aSwitch != null && aSwitch != reachedFor && sent >= aSwitch.returnedNanos
                        && aSwitch.side.equals(side)) {
                    reachedFor = aSwitch;
                    aSwitch.reached.incrementAndGet();
                }
                if (response.serverWillClose()) {
                    open.close();
                    open = null;
                }
            } catch (IOException | RuntimeException e) {
                own.add(new Sample(connection, sent, System.nanoTime(), 0, null,
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
                if (open != null) {
                    open.close();
                    open = null;
                }
            }
            next += intervalNanos;
            long now = System.nanoTime();
            if (next < now) {
                // never a burst to catch up: the rate per connection stays bounded, the miss is counted
                lateSends.incrementAndGet();
                next = now;
            }
        }
        if (open != null) {
            open.close();
        }
    }

    static String sideOf(String body) {
        Matcher m = SIDE.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    int connections() {
        return connections;
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }
}
