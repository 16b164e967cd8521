package io.iotls.transport.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.tls.ByteQueue;
import org.bouncycastle.tls.TlsProtocol;

/**
 * Moves bytes between a socket and a non-blocking BC protocol. Output is taken from BC whole and written in one call,
 * so a handshake flight is never half-sent; a write that fails (peer already closed) does not hide the alert the
 * peer may have sent: the caller reads on. One lock guards the protocol and socket writes so records leave in order.
 */
public final class RecordPump {
    /** Idle connections keep a small buffer; one that fills it gets a full TLS record's worth (RFC 8446 5.2). */
    private static final int SMALL_READ = 1024;
    private static final int FULL_READ = 16 * 1024 + 512;

    final Socket socket;
    final TlsProtocol protocol;
    private final OutputQueue output;
    public final ReentrantLock lock = new ReentrantLock();
    private final InputStream in;
    private OutputStream out; // the socket's stream; once reads move to the I/O loop, a ChannelOutput (lock held to change)
    private volatile ChannelOutput channelOutput;
    private boolean socketMayHaveMore; // guarded by readLock
    /** TLS record header: type, version, length (RFC 8446 5.1). */
    private static final int HEADER = 5;
    private static final int MAX_RECORD = HEADER + (1 << 14) + 2048; // RFC 5246 6.2.3: ciphertext up to 2^14 + 2048

    private final ReentrantLock readLock = new ReentrantLock(); // one reader at a time: the buffer keeps partial records
    private byte[] readBuffer = new byte[SMALL_READ];
    private int filled; // bytes in readBuffer: the start of a record not yet complete
    /** A connection with no data for this long is quiet: buffers a burst grew are given back. */
    static final long QUIET_NANOS = 1_000_000_000L;
    private long lastReadNanos = System.nanoTime(); // guarded by readLock
    private IOException writeFailure;

    public <P extends TlsProtocol & OutputQueue> RecordPump(Socket socket, P protocol) throws IOException {
        this.socket = socket;
        this.protocol = protocol;
        this.output = protocol;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Writes everything BC has queued. Call with the lock held. A failed write is remembered, not thrown. */
    public void flush() {
        ByteQueue queue = output.outputQueue();
        int available = queue.available();
        if (available == 0) return;
        try {
            if (writeFailure == null) {
                queue.copyTo(out, available); // straight from BC's buffer to the socket
                out.flush();
            }
        } catch (IOException e) {
            writeFailure = e;
        } finally {
            queue.removeData(available);
        }
    }

    /** The handshake's big flights are over: idle connections go back to small buffers. */
    public void handshakeDone() {
        readLock.lock();
        lock.lock();
        try {
            if (filled == 0) readBuffer = new byte[SMALL_READ];
            shrinkOutputQueue();
        } finally {
            lock.unlock();
            readLock.unlock();
        }
    }

    /** Gives back BC's output buffer (empty between writes). Call with the lock held. */
    void shrinkOutputQueue() {
        output.outputQueue().shrink();
    }

    /**
     * After a write, with no lock held: on the I/O loop's non-blocking socket, waits while the socket is behind (a
     * blocking socket has already waited in its write).
     */
    void awaitRoom() throws IOException {
        ChannelOutput co = channelOutput;
        // the loop never waits: what it writes (acknowledgements, TLS's own replies) is small and kept in the backlog
        if (co != null && !co.onLoopThread()) co.awaitBacklogBelow(ChannelOutput.BACKLOG_LIMIT, Long.MAX_VALUE);
    }

    /** Like flush, but throws a remembered write failure (for application data). */
    void flushOrThrow() throws IOException {
        flush();
        if (writeFailure != null) throw writeFailure;
    }

    public IOException writeFailure() {
        return writeFailure;
    }

    /**
     * Reads once from the socket (blocking, without the lock) and offers BC whole records, one at a time: BC then decrypts
     * straight from our buffer instead of copying into its own queue, which would keep its largest size for the life
     * of the connection. A partial record stays in the buffer for the next read.
     * @return false at end of stream
     */
    public boolean readOnce(int timeoutMillis) throws IOException {
        readLock.lock();
        try {
            return readAndOffer(timeoutMillis);
        } finally {
            readLock.unlock();
        }
    }

    /** Like readOnce, but only if no other thread is reading (then returns true without reading). */
    boolean readOnceIfIdle(int timeoutMillis) throws IOException {
        if (!readLock.tryLock()) return true;
        try {
            return readAndOffer(timeoutMillis);
        } finally {
            readLock.unlock();
        }
    }

    private boolean readAndOffer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        if (filled == readBuffer.length) grow(Math.min(MAX_RECORD, Math.max(FULL_READ, pendingRecordLength())));
        int n = in.read(readBuffer, filled, readBuffer.length - filled);
        if (n < 0) return false;
        offerRead(n);
        return true;
    }

    /**
     * Moves this pump's socket to non-blocking mode: reads come from the I/O loop ({@link #readAvailable}); writes never
     * wait, what the socket cannot take is queued in a {@link ChannelOutput} for the loop to send. No blocking read may
     * be in progress.
     * @return true if data read before is still buffered (decrypted, or part of a record), for the loop to deliver
     */
    boolean useLoop(IoLoop loop) throws IOException {
        readLock.lock();
        lock.lock();
        try {
            var channel = socket.getChannel();
            channel.configureBlocking(false);
            channelOutput = new ChannelOutput(channel, loop);
            out = channelOutput;
            return filled > 0 || protocol.getAvailableInputBytes() > 0;
        } finally {
            lock.unlock();
            readLock.unlock();
        }
    }

    /** The last {@link #readAvailable} filled the buffer: the socket may hold more. */
    boolean socketMayHaveMore() {
        return socketMayHaveMore;
    }

    ChannelOutput channelOutput() {
        return channelOutput;
    }

    /**
     * On the I/O loop: one read of what the socket has, without waiting; BC gets the whole records.
     * @return the bytes read: 0 if the socket had none, -1 at end of stream ({@link #socketMayHaveMore} says whether
     *     to read again)
     */
    int readAvailable() throws IOException {
        readLock.lock();
        try {
            if (filled == readBuffer.length) grow(Math.min(MAX_RECORD, Math.max(FULL_READ, pendingRecordLength())));
            int room = readBuffer.length - filled;
            int n = socket.getChannel().read(java.nio.ByteBuffer.wrap(readBuffer, filled, room));
            socketMayHaveMore = n == room;
            if (n > 0) offerRead(n);
            return n;
        } finally {
            readLock.unlock();
        }
    }

    /** {@code n} new bytes are in the buffer after {@code filled}: offers BC the complete records among them. */
    private void offerRead(int n) throws IOException {
        filled += n;
        if (filled == readBuffer.length && readBuffer.length < FULL_READ) grow(FULL_READ); // a busy connection
        lock.lock();
        try {
            int pos = 0;
            while (filled - pos >= HEADER) {
                int length = recordLength(pos);
                if (length < 0) { // not a TLS record header: let BC see the bytes and raise its alert
                    protocol.offerInput(readBuffer, pos, filled - pos);
                    pos = filled;
                    break;
                }
                if (filled - pos < length) break;
                protocol.offerInput(readBuffer, pos, length);
                pos += length;
            }
            System.arraycopy(readBuffer, pos, readBuffer, 0, filled - pos);
            filled -= pos;
            long now = System.nanoTime();
            if (filled == 0 && readBuffer.length > SMALL_READ && now - lastReadNanos > QUIET_NANOS) {
                readBuffer = new byte[SMALL_READ]; // the first read after a quiet spell: a burst is over, let it go
            }
            lastReadNanos = now;
        } finally {
            try {
                flush();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The whole record's length from its header at {@code pos}, or -1 if the bytes there are not a TLS record. */
    private int recordLength(int pos) {
        int type = readBuffer[pos] & 0xFF;
        int major = readBuffer[pos + 1] & 0xFF;
        if (type < 20 || type > 24 || major != 3) return -1;
        int length = HEADER + (((readBuffer[pos + 3] & 0xFF) << 8) | (readBuffer[pos + 4] & 0xFF));
        return length > MAX_RECORD ? -1 : length;
    }

    private int pendingRecordLength() {
        return filled >= HEADER ? Math.max(recordLength(0), 0) : 0;
    }

    private void grow(int size) {
        if (size <= readBuffer.length) return;
        byte[] bigger = new byte[size];
        System.arraycopy(readBuffer, 0, bigger, 0, filled);
        readBuffer = bigger;
    }

    boolean readOnceOrTimeout(int timeoutMillis) throws IOException {
        try {
            return readOnce(timeoutMillis);
        } catch (SocketTimeoutException e) {
            return true;
        }
    }
}
