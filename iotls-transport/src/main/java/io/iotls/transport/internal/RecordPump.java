package io.iotls.transport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.tls.TlsProtocol;

/**
 * Moves bytes between a socket and a non-blocking BC protocol. Output is taken from BC whole and written in one call,
 * so a handshake flight is never half-sent; a write that fails (peer already closed) does not hide the alert the
 * peer may have sent: the caller reads on. One lock guards the protocol and socket writes so records leave in order.
 */
final class RecordPump {
    /** Idle connections keep a small buffer; one that fills it gets a full TLS record's worth (RFC 8446 5.2). */
    private static final int SMALL_READ = 1024;
    private static final int FULL_READ = 16 * 1024 + 512;

    final Socket socket;
    final TlsProtocol protocol;
    final ReentrantLock lock = new ReentrantLock();
    private final InputStream in;
    private final OutputStream out;
    private byte[] readBuffer = new byte[SMALL_READ];
    private byte[] writeBuffer = new byte[0];
    private IOException writeFailure;

    RecordPump(Socket socket, TlsProtocol protocol) throws IOException {
        this.socket = socket;
        this.protocol = protocol;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Writes everything BC has queued. Call with the lock held. A failed write is remembered, not thrown. */
    void flush() {
        int available = protocol.getAvailableOutputBytes();
        if (available == 0) return;
        if (writeBuffer.length < available) writeBuffer = new byte[available];
        protocol.readOutput(writeBuffer, 0, available);
        if (writeFailure != null) return;
        try {
            out.write(writeBuffer, 0, available);
            out.flush();
        } catch (IOException e) {
            writeFailure = e;
        }
    }

    /** The handshake's big flights are over: idle connections go back to small buffers. */
    void handshakeDone() {
        lock.lock();
        try {
            readBuffer = new byte[SMALL_READ];
            writeBuffer = new byte[0];
            if (protocol instanceof BufferShrinking b) b.shrinkBuffers();
        } finally {
            lock.unlock();
        }
    }

    /** Like flush, but throws a remembered write failure (for application data). */
    void flushOrThrow() throws IOException {
        flush();
        if (writeFailure != null) throw writeFailure;
    }

    IOException writeFailure() {
        return writeFailure;
    }

    /**
     * Reads once from the socket (blocking, without the lock) and offers the bytes to BC.
     * @return false at end of stream
     */
    boolean readOnce(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buffer = readBuffer;
        int n = in.read(buffer);
        if (n < 0) return false;
        if (n == buffer.length && buffer.length < FULL_READ) readBuffer = new byte[FULL_READ]; // a busy connection
        lock.lock();
        try {
            protocol.offerInput(buffer, 0, n);
        } finally {
            try {
                flush();
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    boolean readOnceOrTimeout(int timeoutMillis) throws IOException {
        try {
            return readOnce(timeoutMillis);
        } catch (SocketTimeoutException e) {
            return true;
        }
    }
}
