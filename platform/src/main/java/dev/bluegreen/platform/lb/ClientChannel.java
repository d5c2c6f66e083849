package dev.bluegreen.platform.lb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The bytes of a client's connection, under its pool's lock: what it sent and is not read yet (in a buffer of the
 * pool, held only while it holds bytes), writes to it (an interim answer first, the final one queued after it), and
 * a graceful close, which reads what the client still sends and drops it so that the last answer is not lost to a
 * reset. What the bytes mean is the subclass's business.
 */
abstract class ClientChannel extends AbstractConnection {

    final TargetPool pool;
    /** Flush mode: the bytes read and not taken yet are between position and limit; null when there are none. */
    ByteBuffer in;
    private final Callback fillable = Callback.from(Callback.InvocationType.NON_BLOCKING, this::onFillable,
            this::onFillFailed);
    private boolean closing;
    private boolean interim;
    private Callback queuedCallback;
    private ByteBuffer[] queued;

    ClientChannel(EndPoint endPoint, Executor executor, TargetPool pool) {
        super(endPoint, executor);
        this.pool = pool;
    }

    /** Bytes arrived (or the client's end), under the lock. */
    abstract void readable();

    /** Waiting for bytes failed (the idle timeout, or the connection's end), under the lock. */
    abstract void readFailed(Throwable failure);

    @Override
    public void onOpen() {
        super.onOpen();
        awaitBytes();
    }

    @Override
    public final void onFillable() {
        pool.lock.lock();
        try {
            if (closing) {
                discard();
            } else {
                readable();
            }
        } finally {
            pool.lock.unlock();
        }
    }

    private void onFillFailed(Throwable failure) {
        pool.lock.lock();
        try {
            readFailed(failure);
        } finally {
            pool.lock.unlock();
        }
    }

    /** {@link #readable} is called once the client sends more (kept on if it already is). */
    final void awaitBytes() {
        getEndPoint().tryFillInterested(fillable);
    }

    /** Reads after what the buffer holds: the count, 0 for nothing now, -1 at the client's end (or failure). */
    final int fill() {
        if (in == null) {
            in = pool.buffer();
        } else if (in.position() > 0) {
            BufferUtil.compact(in);
        }
        try {
            return getEndPoint().fill(in);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The buffer goes back to the pool once all it held has been taken. */
    final void recycleIfEmpty() {
        if (in != null && !in.hasRemaining()) {
            pool.recycle(in);
            in = null;
        }
    }

    final boolean closing() {
        return closing;
    }

    /** Writes to the client; the callback is told when all is written. */
    final void write(Callback callback, ByteBuffer... buffers) {
        if (interim) {
            queuedCallback = callback;
            queued = buffers;
            return;
        }
        getEndPoint().write(callback, buffers);
    }

    /** An interim answer (100 Continue): a final answer written before it is done waits for it. */
    final void writeInterim(byte[] answer) {
        interim = true;
        getEndPoint().write(Callback.from(Callback.InvocationType.NON_BLOCKING, this::interimWritten,
                getEndPoint()::close), ByteBuffer.wrap(answer));
    }

    private void interimWritten() {
        pool.lock.lock();
        try {
            interim = false;
            if (queued != null) {
                ByteBuffer[] buffers = queued;
                queued = null;
                getEndPoint().write(queuedCallback, buffers);
            }
        } finally {
            pool.lock.unlock();
        }
    }

    /**
     * Writes this last answer, then closes: gracefully, or at once (a client too slow to send its request is not
     * waited for any longer).
     */
    final void writeLast(ByteBuffer answer, boolean gracefully) {
        closing = true;
        getEndPoint().write(Callback.from(Callback.InvocationType.NON_BLOCKING,
                gracefully ? this::closeGracefully : getEndPoint()::close, failure -> getEndPoint().close()), answer);
    }

    /** No more answers: the client is told by the end of the stream, and what it still sends is dropped. */
    final void closeGracefully() {
        pool.lock.lock();
        try {
            closing = true;
            getEndPoint().shutdownOutput();
            discard();
        } finally {
            pool.lock.unlock();
        }
    }

    /** The connection ends now. */
    final void closeNow() {
        closing = true;
        getEndPoint().close();
    }

    /** Reads what the client still sends and drops it, until it closes (or the idle timeout closes it). */
    private void discard() {
        while (true) {
            int n = fill();
            if (n < 0) {
                getEndPoint().close();
                return;
            }
            if (n == 0) {
                recycleIfEmpty();
                awaitBytes();
                return;
            }
            in.position(in.limit());
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        pool.lock.lock();
        try {
            closing = true;
            if (in != null) {
                pool.recycle(in);
                in = null;
            }
        } finally {
            pool.lock.unlock();
        }
    }
}
