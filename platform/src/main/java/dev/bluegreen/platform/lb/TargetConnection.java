package dev.bluegreen.platform.lb;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.ManagedSelector;

/**
 * One kept-alive connection from the load balancer to a target, registered with a listener's selector. While it
 * carries a request it reads into a buffer of its pool, large enough for an API answer in one read, which the relay
 * forwards from as it is (slices of it are written to the client); it is read again only once the client has taken
 * what was read. Idle, it holds no buffer.
 */
final class TargetConnection implements ManagedSelector.Selectable, Closeable {

    private final TargetPool pool;
    private final InetSocketAddress address;
    private final SocketChannel channel;
    /** Read mode: the bytes read and not yet forwarded are between position and limit; null while idle. */
    private ByteBuffer in;
    private SelectionKey key;
    private int interest;
    private boolean connected;
    private ByteBuffer[] unwritten;
    private Relay relay;
    private long lastActive = System.nanoTime();
    private long idleSince = lastActive;

    private TargetConnection(TargetPool pool, InetSocketAddress address, SocketChannel channel) {
        this.pool = pool;
        this.address = address;
        this.channel = channel;
    }

    static TargetConnection open(TargetPool pool, InetSocketAddress address, Selector selector) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TargetConnection connection = new TargetConnection(pool, address, channel);
            connection.connected = channel.connect(address);
            connection.interest = connection.connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT;
            connection.key = channel.register(selector, connection.interest, connection);
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    boolean connected() {
        return connected;
    }

    Relay relay() {
        return relay;
    }

    void relay(Relay relay) {
        this.relay = relay;
        if (in == null) {
            in = pool.buffer();
        }
    }

    ByteBuffer in() {
        return in;
    }

    long lastActive() {
        return lastActive;
    }

    long idleSince() {
        return idleSince;
    }

    /** Idle from now: the buffer goes back to the pool (all it held was forwarded). */
    void idleSince(long nanos) {
        idleSince = nanos;
        relay = null;
        if (in != null) {
            pool.recycle(in);
            in = null;
        }
    }

    /** Writes what it can now; true when all of it was written, else the rest goes when the socket can take it. */
    boolean write(ByteBuffer... buffers) throws IOException {
        channel.write(buffers);
        lastActive = System.nanoTime();
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                unwritten = buffers;
                interested(interest | SelectionKey.OP_WRITE);
                return false;
            }
        }
        return true;
    }

    /** Reads after the unforwarded bytes: the count, 0 for nothing now, -1 at the target's end of stream. */
    int read() throws IOException {
        in.compact();
        int n;
        try {
            n = channel.read(in);
        } finally {
            in.flip();
        }
        if (n != 0) {
            lastActive = System.nanoTime();
        }
        return n;
    }

    /** Whether the selector reports the target's bytes: off while the client has not taken the last ones. */
    void reading(boolean on) {
        interested(on ? interest | SelectionKey.OP_READ : interest & ~SelectionKey.OP_READ);
    }

    private void interested(int ops) {
        if (ops != interest) {
            interest = ops;
            try {
                key.interestOps(ops);
            } catch (CancelledKeyException e) {
                return;
            }
            pool.wakeIfElsewhere();
        }
    }

    @Override
    public Runnable onSelected() {
        pool.lock.lock();
        try {
            pool.onSelectorThread();
            if (!key.isValid()) {
                return null;
            }
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_CONNECT) != 0) {
                onConnectable();
            }
            if ((ready & SelectionKey.OP_WRITE) != 0 && channel.isOpen()) {
                onWritable();
            }
            if ((ready & SelectionKey.OP_READ) != 0 && channel.isOpen()) {
                onReadable();
            }
        } finally {
            pool.lock.unlock();
        }
        return null;
    }

    private void onConnectable() {
        try {
            connected = channel.finishConnect();
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (connected) {
            lastActive = System.nanoTime();
            interested(SelectionKey.OP_READ);
            if (relay != null) {
                relay.onConnected();
            }
        }
    }

    private void onWritable() {
        try {
            channel.write(unwritten);
        } catch (IOException e) {
            fail(e);
            return;
        }
        lastActive = System.nanoTime();
        for (ByteBuffer buffer : unwritten) {
            if (buffer.hasRemaining()) {
                return;
            }
        }
        unwritten = null;
        interested(interest & ~SelectionKey.OP_WRITE);
        if (relay != null) {
            relay.onWritten();
        }
    }

    private void onReadable() {
        if (relay != null) {
            relay.onReadable();
            return;
        }
        // kept alive without a request: the target closed it (or sent what no one asked for)
        close();
    }

    private void fail(IOException failure) {
        if (relay != null) {
            relay.targetFailed(failure);
        } else {
            close();
        }
    }

    @Override
    public void updateKey() {
        // interest is set on the key as it changes
    }

    @Override
    public void replaceKey(SelectionKey selectionKey) {
        key = selectionKey;
    }

    @Override
    public void close() {
        relay = null;
        pool.closed(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    @Override
    public String toString() {
        return "connection to " + address;
    }
}
