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
    private static final int READ_BUFFER = 16 * 1024 + 512;

    final Socket socket;
    final TlsProtocol protocol;
    final ReentrantLock lock = new ReentrantLock();
    private final InputStream in;
    private final OutputStream out;
    private final byte[] readBuffer = new byte[READ_BUFFER];
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
        byte[] bytes = new byte[available];
        protocol.readOutput(bytes, 0, available);
        if (writeFailure != null) return;
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            writeFailure = e;
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
        int n = in.read(readBuffer);
        if (n < 0) return false;
        lock.lock();
        try {
            protocol.offerInput(readBuffer, 0, n);
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
