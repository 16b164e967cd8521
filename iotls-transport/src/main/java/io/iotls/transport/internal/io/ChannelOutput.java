package io.iotls.transport.internal.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes to a non-blocking socket channel and never waits: what the socket cannot take now is kept in a backlog, which
 * the I/O loop writes when the socket has room. So neither the loop nor a writer holding the pump's lock is ever held
 * up by a peer that reads slowly; back-pressure is a separate wait ({@link #awaitBacklogBelow}) with no lock held.
 */
final class ChannelOutput extends OutputStream {
    /** A writer waits while more than this is queued for the socket. */
    static final int BACKLOG_LIMIT = 64 * 1024;
    /** Waiting writers re-check at least this often, in case the channel closed under them. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What writers get once the loop stopped serving the channel; shared, so a closing connection builds no exception. */
    private static final IOException CLOSED = new ClosedChannelException() {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }

        @Override
        public String getMessage() {
            return "the connection is closed";
        }
    };

    private final SocketChannel channel;
    private final IoLoop loop;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private ByteBuffer backlog; // guarded by lock; null when empty, else in read mode
    private SelectionKey key; // guarded by lock
    private IOException failure; // guarded by lock: the write error, reported to every later writer
    private volatile boolean readsPaused;

    ChannelOutput(SocketChannel channel, IoLoop loop) {
        this.channel = channel;
        this.loop = loop;
    }

    /** On the loop, once the channel is registered: a backlog from before then can be written now. */
    void registered(SelectionKey key) {
        lock.lock();
        try {
            this.key = key;
            updateInterest();
        } finally {
            lock.unlock();
        }
    }

    /** Read interest unless paused, write interest while there is a backlog. Lock held; on the loop. */
    private void updateInterest() {
        if (key == null) return;
        try {
            key.interestOps((readsPaused ? 0 : SelectionKey.OP_READ) | (backlog != null ? SelectionKey.OP_WRITE : 0));
        } catch (java.nio.channels.CancelledKeyException closedMeanwhile) {
            // the channel was closed by another thread: nothing left to serve
        }
    }

    boolean readsPaused() {
        return readsPaused;
    }

    /** Stops or resumes reads (from any thread); on resuming, what the socket holds is read at once. */
    void readsPaused(boolean paused, IoLoop.Handler reader) {
        readsPaused = paused;
        loop.execute(() -> {
            lock.lock();
            try {
                updateInterest();
            } finally {
                lock.unlock();
            }
            if (!paused && key != null && key.isValid()) reader.readable();
        });
    }

    boolean onLoopThread() {
        return loop.inLoop();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Writes what the socket takes now and keeps the rest for the loop; never blocks. */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            if (failure != null) throw failure;
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            if (backlog == null) {
                try {
                    channel.write(src);
                } catch (IOException e) {
                    failed(e);
                    throw e;
                }
                if (!src.hasRemaining()) return;
            }
            keep(src);
        } finally {
            lock.unlock();
        }
    }

    /** Appends to the backlog, which grows by doubling. Lock held. */
    private void keep(ByteBuffer src) {
        boolean wasEmpty = backlog == null;
        if (wasEmpty) {
            backlog = ByteBuffer.allocate(Math.max(src.remaining(), 16 * 1024));
        } else {
            backlog.compact();
            if (backlog.remaining() < src.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * backlog.capacity(), backlog.position() + src.remaining()));
                backlog = bigger.put(backlog.flip());
            }
        }
        backlog.put(src).flip();
        if (wasEmpty) loop.execute(this::interestChanged);
    }

    /** On the loop: the socket has room again. */
    void writable() {
        lock.lock();
        try {
            if (backlog != null && failure == null) {
                try {
                    channel.write(backlog);
                } catch (IOException e) {
                    failed(e);
                    return;
                }
                if (backlog.hasRemaining()) {
                    if (backlog.remaining() <= BACKLOG_LIMIT) drained.signalAll();
                    return;
                }
                backlog = null;
            }
            updateInterest();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void interestChanged() {
        lock.lock();
        try {
            updateInterest();
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. */
    private void failed(IOException e) {
        failure = e;
        backlog = null;
        drained.signalAll();
    }

    /** The loop no longer serves this channel (it closed or failed): waiting writers find out now. */
    void cancel() {
        lock.lock();
        try {
            if (key != null) key.cancel();
            if (failure == null) failure = CLOSED;
            backlog = null;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, with no other lock held, until at most {@code limit} bytes are queued for the socket: back-pressure for a
     * writer faster than the network.
     * @return false if {@code timeoutNanos} passed first
     */
    boolean awaitBacklogBelow(int limit, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (true) {
                if (failure != null) throw failure;
                if (backlog == null || backlog.remaining() <= limit) return true;
                if (!channel.isOpen()) throw new ClosedChannelException();
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                drained.awaitNanos(Math.min(left, RECHECK_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the network was busy");
        } finally {
            lock.unlock();
        }
    }
}
