package dev.bluegreen.platform.lb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The connections to targets of the client connections on one listener selector. They are registered with that
 * same selector, so a request's whole trip (the client's request parsed, sent on to the target, the target's answer
 * read and written back) runs on one thread, as in an nginx worker: no hand-off, no wake-up of another thread. One
 * lock guards every connection of the pool; the selector's thread holds it but for the rare event from another
 * thread (a timer, a client's connection failing).
 */
final class TargetPool {

    static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Below the services' own keep-alive timeouts, so the proxy closes an idle connection before they do. */
    static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long SWEEP_MS = 250;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Buffers kept for the next requests; beyond, one freed is left to the garbage collector. */
    private static final int BUFFERS_KEPT = 32;

    final ReentrantLock lock = new ReentrantLock();
    private final ManagedSelector selector;
    private final Scheduler scheduler;
    private final Map<InetSocketAddress, ArrayDeque<TargetConnection>> idle = new HashMap<>();
    private final Set<TargetConnection> open = new HashSet<>();
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private volatile Thread selectorThread;
    private Scheduler.Task sweep;
    private boolean closed;

    TargetPool(ManagedSelector selector, Scheduler scheduler) {
        this.selector = selector;
        this.scheduler = scheduler;
    }

    /** A kept-alive connection to the address, or a new one (connecting: its relay starts once it is connected). */
    TargetConnection acquire(InetSocketAddress address) throws IOException {
        ArrayDeque<TargetConnection> kept = idle.get(address);
        TargetConnection connection = kept == null ? null : kept.pollLast();
        if (connection != null) {
            return connection;
        }
        if (closed) {
            throw new IOException("the listener is closing");
        }
        connection = TargetConnection.open(this, address, selector.getSelector());
        open.add(connection);
        wakeIfElsewhere();
        if (sweep == null) {
            sweep = scheduler.schedule(this::sweepSoon, SWEEP_MS, TimeUnit.MILLISECONDS);
        }
        return connection;
    }

    /** Back for the next request to its target (the most recently used first: the others may time out). */
    void release(TargetConnection connection) {
        if (closed) {
            connection.close();
            return;
        }
        connection.idleSince(System.nanoTime());
        idle.computeIfAbsent(connection.address(), key -> new ArrayDeque<>()).addLast(connection);
    }

    /** A buffer for a request's answer, empty in read mode. */
    ByteBuffer buffer() {
        ByteBuffer buffer = buffers.pollLast();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(BUFFER_BYTES).flip();
    }

    void recycle(ByteBuffer buffer) {
        if (buffers.size() < BUFFERS_KEPT) {
            buffers.addLast(buffer.clear().flip());
        }
    }

    void closed(TargetConnection connection) {
        open.remove(connection);
        ArrayDeque<TargetConnection> kept = idle.get(connection.address());
        if (kept != null && kept.remove(connection) && kept.isEmpty()) {
            // targets come and go with deploys (a new port each): none is kept for one that is gone
            idle.remove(connection.address());
        }
    }

    /** Called by the selector's thread for our connections: who runs the pool, to know when to wake it. */
    void onSelectorThread() {
        selectorThread = Thread.currentThread();
    }

    /** A change of what a connection waits for, made off the selector's thread, must wake it to be seen. */
    void wakeIfElsewhere() {
        if (Thread.currentThread() != selectorThread) {
            selector.getSelector().wakeup();
        }
    }

    private void sweepSoon() {
        lock.lock();
        try {
            sweep = null;
            if (closed || open.isEmpty()) {
                return;
            }
            sweep(System.nanoTime());
            sweep = scheduler.schedule(this::sweepSoon, SWEEP_MS, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Connections that took too long to connect, targets that keep a request waiting, idle ones no longer needed. */
    private void sweep(long now) {
        for (TargetConnection connection : new ArrayList<>(open)) {
            Relay relay = connection.relay();
            if (relay == null) {
                if (now - connection.idleSince() > IDLE_TIMEOUT_NANOS) {
                    connection.close();
                }
            } else if (!connection.connected() && now - connection.lastActive() > CONNECT_TIMEOUT_NANOS) {
                relay.targetFailed(new SocketTimeoutException("connect to " + connection.address() + " timed out"));
            } else if (relay.waitingOnTarget() && now - connection.lastActive() > IDLE_TIMEOUT_NANOS) {
                relay.targetFailed(new TimeoutException("no answer from " + connection.address() + " in "
                        + TimeUnit.NANOSECONDS.toSeconds(IDLE_TIMEOUT_NANOS) + " s"));
            }
        }
    }

    /** The listener closes: requests still at a target are answered for (502), their connections closed. */
    void close() {
        lock.lock();
        try {
            closed = true;
            for (TargetConnection connection : new ArrayList<>(open)) {
                Relay relay = connection.relay();
                if (relay != null) {
                    relay.targetFailed(new IOException("the listener is closing"));
                } else {
                    connection.close();
                }
            }
            if (sweep != null) {
                sweep.cancel();
            }
        } finally {
            lock.unlock();
        }
    }
}
