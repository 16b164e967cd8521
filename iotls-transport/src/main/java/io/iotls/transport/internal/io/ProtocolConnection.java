package io.iotls.transport.internal.io;

import io.iotls.transport.internal.material.PeerCertificates;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.CipherSuite;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.HandshakeTrace;
import io.iotls.transport.TlsAlert;
import io.iotls.transport.TlsAlertException;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/** A connection over a non-blocking BC protocol (client or server side) after its handshake. */
public final class ProtocolConnection implements TlsConnection {
    private static final int MAX_PLAINTEXT = 16 * 1024;
    private static final int FLUSH_AT = 48 * 1024;
    /** How long close() tries to send close_notify before it closes the socket regardless. */
    private static final long CLOSE_NOTIFY_WAIT_MILLIS = 1000;
    /** One scheduler for every connection's close; on a virtual thread: no platform thread. */
    private static final ScheduledThreadPoolExecutor CLOSE_WATCHDOG = closeWatchdog();

    private final RecordPump pump;
    private final TlsContext context;
    /** Needed only to explain a late handshake failure; dropped once application data has arrived. */
    private volatile java.util.function.Function<Throwable, io.iotls.transport.HandshakeException> classifier;
    private final InetSocketAddress remote;
    private final HandshakeTrace handshakeTrace;
    private volatile List<X509Certificate> peerChain;
    private final org.bouncycastle.tls.Certificate resumedPeerChain;
    private final TraceRecorder recorder;
    private final Input input = new Input();
    private volatile IoLoop.Handler reader; // with a receiver: what reads on the I/O loop
    private final Output output = new Output();
    private volatile boolean dataReceived;
    private volatile int readTimeoutMillis;
    private volatile boolean applicationDataRecorded;
    private volatile boolean closedByUs; // close() was called: the I/O loop drops the connection without a report

    public ProtocolConnection(RecordPump pump, TlsContext context, TraceRecorder trace,
                       java.util.function.Function<Throwable, io.iotls.transport.HandshakeException> classifier,
                       InetSocketAddress remote) throws IOException {
        this(pump, context, trace, classifier, remote, null);
    }

    /** {@code resumedPeerChain}: the chain verified when a TLS 1.3 ticket was issued, as a resumed handshake has none. */
    public ProtocolConnection(RecordPump pump, TlsContext context, TraceRecorder trace,
                       java.util.function.Function<Throwable, io.iotls.transport.HandshakeException> classifier,
                       InetSocketAddress remote, org.bouncycastle.tls.Certificate resumedPeerChain) throws IOException {
        this.pump = pump;
        this.resumedPeerChain = resumedPeerChain;
        this.recorder = trace;
        this.context = context;
        this.classifier = classifier;
        this.remote = remote;
        trace.step(HandshakeStep.APPLICATION_DATA, "ready: application data is now encrypted with the session keys");
        this.handshakeTrace = trace.snapshot();
        this.applicationDataRecorded = true;
    }

    @Override
    public List<io.iotls.transport.TraceEntry> afterHandshake() {
        return recorder.afterHandshake().entries();
    }

    private static ScheduledThreadPoolExecutor closeWatchdog() {
        var executor = new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("iotls-tls-close").factory());
        executor.setRemoveOnCancelPolicy(true); // a close that went well leaves nothing behind
        return executor;
    }

    @Override public InputStream input() { return input; }
    @Override public OutputStream output() { return output; }

    /** Both parts go through the same records and one socket write at the end, with no joined copy. */
    @Override
    public void write(byte[] head, byte[] body) throws IOException {
        output.write(head, body);
    }
    @Override public HandshakeTrace trace() { return handshakeTrace; }
    @Override public TlsVersion version() { return handshakeTrace.version().orElseThrow(); }

    @Override
    public CipherSuite cipherSuite() {
        return handshakeTrace.cipherSuite().orElseThrow();
    }

    @Override public boolean resumed() { return handshakeTrace.resumed(); }
    @Override
    public List<X509Certificate> peerCertificates() {
        if (peerChain == null) { // parsed on demand: idle connections need not hold them twice
            var cert = resumedPeerChain != null ? resumedPeerChain : context.getSecurityParametersConnection().getPeerCertificate();
            try {
                peerChain = cert == null ? List.of() : PeerCertificates.toX509(cert);
            } catch (IOException e) {
                peerChain = List.of();
            }
        }
        return peerChain;
    }
    @Override public InetSocketAddress remoteAddress() { return remote; }

    @Override
    public Optional<String> applicationProtocol() {
        var p = context.getSecurityParametersConnection().getApplicationProtocol();
        return p == null ? Optional.empty() : Optional.of(p.getUtf8Decoding());
    }

    @Override
    public void readTimeout(Duration timeout) {
        readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public void awaitLateAlert(Duration wait) throws IOException {
        if (pump.channelOutput() != null) return; // the I/O loop reads: a late alert arrives at the receiver
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (pump.protocol.getAvailableInputBytes() == 0 && !pump.protocol.isClosed()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return;
                if (!pump.readOnceOrTimeout((int) left)) return;
            }
            if (pump.protocol.isClosed() && pump.protocol.getAvailableInputBytes() == 0) {
                throw lateFailure(new java.io.EOFException("closed right after the handshake"));
            }
        } catch (TlsFatalAlertReceived | TlsFatalAlert e) {
            throw lateFailure(e);
        }
    }

    /**
     * A write failed before any data came back: in TLS 1.3 the peer may have rejected our certificate after our
     * Finished. Its alert may already be waiting in the receive buffer, so read it before reporting.
     */
    private IOException afterWriteFailure(IOException writeError) {
        if (dataReceived || pump.channelOutput() != null) return afterHandshake(writeError);
        try {
            for (int i = 0; i < 10 && pump.readOnceIfIdle(500); i++) { // the reader thread may hold it: then it reports
                if (pump.protocol.isClosed()) break;
            }
        } catch (TlsFatalAlertReceived | TlsFatalAlert alert) {
            return lateFailure(alert);
        } catch (IOException alsoBroken) {
            // the reset is all there is to know
        }
        return lateFailure(writeError);
    }

    /**
     * An alert before any application data: the handshake failed after all (TLS 1.3 client authentication). After
     * data: the connection failed, and the alert says why.
     */
    private IOException lateFailure(IOException e) {
        var explain = classifier;
        if (dataReceived || explain == null) return afterHandshake(e);
        var failure = explain.apply(e);
        closeQuietly();
        return failure;
    }

    private static IOException afterHandshake(IOException e) {
        if (e instanceof TlsFatalAlertReceived received) return alertException(received.getAlertDescription(), true, e);
        if (e instanceof TlsFatalAlert raised) return alertException(raised.getAlertDescription(), false, e);
        return e;
    }

    private static IOException alertException(short description, boolean fromPeer, IOException e) {
        return TlsAlert.fromCode(description).<IOException>map(a -> new TlsAlertException(a, fromPeer, e)).orElse(e);
    }

    @Override
    public boolean receiveOnIoThread(Receiver receiver) throws IOException {
        if (pump.socket.getChannel() == null) return false;
        IoLoop loop = IoLoop.next();
        boolean buffered = pump.useLoop(loop);
        LoopReader reader = new LoopReader(receiver, loop);
        this.reader = reader;
        loop.register(pump.socket.getChannel(), reader, key -> {
            pump.channelOutput().registered(key);
            if (buffered) reader.readable(); // what was read before the switch; the socket's own data wakes the loop
        });
        return true;
    }

    @Override
    public void awaitWritable() throws IOException {
        try {
            pump.awaitRoom();
        } catch (IOException e) {
            throw afterWriteFailure(e);
        }
    }

    @Override
    public void receiving(boolean on) {
        ChannelOutput co = pump.channelOutput();
        if (co != null) co.readsPaused(!on, reader);
    }

    /** On the I/O loop: reads what the socket has and hands the decrypted data to the receiver. */
    private final class LoopReader implements IoLoop.Handler {
        private final Receiver receiver;
        private final IoLoop loop;
        private boolean finished;

        LoopReader(Receiver receiver, IoLoop loop) {
            this.receiver = receiver;
            this.loop = loop;
        }

        @Override
        public void readable() {
            if (finished || pump.channelOutput().readsPaused()) return;
            if (closedByUs) { // its owner closed it and needs no report
                finished = true;
                return;
            }
            try {
                while (true) {
                    int n = pump.readAvailable();
                    if (!delivered()) return;
                    if (n < 0 || pump.protocol.isClosed()) {
                        finish(null);
                        return;
                    }
                    if (!pump.socketMayHaveMore() || pump.channelOutput().readsPaused()) return;
                }
            } catch (TlsFatalAlertReceived | TlsFatalAlert e) {
                finish(lateFailure(e));
            } catch (IOException e) {
                finish(e);
            }
        }

        /**
         * Hands what BC decrypted to the receiver. If the receiver rejects it (a protocol error), reading ends but writing
         * does not: the receiver may still send its goodbye (an MQTT 5 DISCONNECT with a reason code) before it closes.
         * @return false if the receiver failed
         */
        private boolean delivered() throws IOException {
            byte[] scratch = loop.scratch();
            while (true) {
                int n;
                pump.lock.lock();
                try {
                    int available = pump.protocol.getAvailableInputBytes();
                    if (available == 0) return true;
                    if (!dataReceived) {
                        dataReceived = true;
                        classifier = null;
                        recorder.release();
                    }
                    n = pump.protocol.readInput(scratch, 0, Math.min(scratch.length, available));
                } finally {
                    pump.lock.unlock();
                }
                try {
                    receiver.received(scratch, 0, n);
                } catch (IOException e) {
                    finished = true;
                    pump.channelOutput().readsPaused(true, this);
                    if (!closedByUs) receiver.closed(e);
                    return false;
                }
            }
        }

        @Override
        public void writable() {
            pump.channelOutput().writable();
        }

        @Override
        public void failed(IOException cause) {
            finish(cause);
        }

        private void finish(IOException cause) {
            if (finished) return;
            finished = true;
            pump.channelOutput().cancel();
            if (!closedByUs) receiver.closed(cause);
        }
    }

    /**
     * Sends close_notify and closes the socket. A peer that reads nothing cannot hold this up. On a blocking socket a
     * write blocked on it holds the lock, and so would close_notify itself; after {@link #CLOSE_NOTIFY_WAIT_MILLIS} the
     * socket is closed regardless, which ends the blocked write with an error. On the I/O thread's channel nothing
     * waits under the lock, and close waits at most as long for the queued bytes to leave.
     */
    @Override
    public void close() throws IOException {
        closedByUs = true;
        ChannelOutput nonBlocking = pump.channelOutput();
        // on the I/O thread's non-blocking channel no write waits under the lock: only a blocking socket needs a watchdog
        ScheduledFuture<?> giveUp = nonBlocking != null ? null
                : CLOSE_WATCHDOG.schedule(this::closeSocketQuietly, CLOSE_NOTIFY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        try {
            pump.lock.lock();
            try {
                if (!pump.protocol.isClosed()) {
                    pump.protocol.close();
                    pump.flush();
                }
            } finally {
                pump.lock.unlock();
            }
            if (nonBlocking != null && !nonBlocking.onLoopThread()) { // the loop itself sends the backlog: it cannot wait
                nonBlocking.awaitBacklogBelow(0, TimeUnit.MILLISECONDS.toNanos(CLOSE_NOTIFY_WAIT_MILLIS));
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            if (giveUp != null) giveUp.cancel(false);
            pump.socket.close();
            if (nonBlocking != null) nonBlocking.cancel(); // a writer waiting for room learns it is closed
        }
    }

    private void closeSocketQuietly() {
        try {
            pump.socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    private final class Input extends InputStream {
        private final byte[] one = new byte[1];
        private long lastDrainedNanos = System.nanoTime() - 2 * RecordPump.QUIET_NANOS; // guarded by pump.lock

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (pump.channelOutput() != null) throw new IllegalStateException("this connection's data goes to its receiver on the I/O thread");
            try {
                while (true) {
                    pump.lock.lock();
                    try {
                        int available = pump.protocol.getAvailableInputBytes();
                        if (available > 0) {
                            if (!dataReceived) {
                                dataReceived = true;
                                classifier = null; // the handshake can no longer fail: let the recorder go
                                recorder.release();
                            }
                            int n = pump.protocol.readInput(b, off, Math.min(len, available));
                            if (n == available) drained();
                            return n;
                        }
                        if (pump.protocol.isClosed()) return -1;
                    } finally {
                        pump.lock.unlock();
                    }
                    if (!pump.readOnce(readTimeoutMillis)) {
                        pump.lock.lock();
                        try {
                            if (pump.protocol.getAvailableInputBytes() == 0) {
                                if (!dataReceived && !pump.protocol.isClosed()) throw lateFailure(new java.io.EOFException("closed without close_notify"));
                                return -1;
                            }
                        } finally {
                            pump.lock.unlock();
                        }
                    }
                }
            } catch (TlsFatalAlertReceived | TlsFatalAlert e) {
                throw lateFailure(e);
            } catch (java.net.SocketException e) {
                throw dataReceived ? e : lateFailure(e); // reset before any data: how a broker may refuse us in TLS 1.3
            }
        }

        /**
         * All received data has been read. After a quiet spell (or the first data), give BC's queue buffers and the write
         * buffers back: an idle connection should not hold its largest message. A busy one keeps them (no allocation per
         * record).
         */
        private void drained() {
            long now = System.nanoTime();
            if (now - lastDrainedNanos > RecordPump.QUIET_NANOS) {
                BcQueues.shrinkEmpty(pump.protocol);
                pump.shrinkOutputQueue();
            }
            lastDrainedNanos = now;
        }

        @Override
        public int available() {
            return pump.protocol.getAvailableInputBytes();
        }

        @Override
        public void close() throws IOException {
            ProtocolConnection.this.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            pump.lock.lock();
            try {
                encrypt(b, off, len);
                pump.flushOrThrow();
            } catch (IOException e) {
                throw afterWriteFailure(e);
            } finally {
                pump.lock.unlock();
            }
        }

        void write(byte[] head, byte[] body) throws IOException {
            pump.lock.lock();
            try {
                encrypt(head, 0, head.length);
                encrypt(body, 0, body.length);
                pump.flushOrThrow();
            } catch (IOException e) {
                throw afterWriteFailure(e);
            } finally {
                pump.lock.unlock();
            }
        }

        /** Hands the bytes to BC in records of at most 16 KiB. Lock held. */
        private void encrypt(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int chunk = Math.min(len, MAX_PLAINTEXT);
                pump.protocol.writeApplicationData(b, off, chunk);
                // a few records per socket write, and BC's queue never grows with the size of one write
                if (pump.protocol.getAvailableOutputBytes() >= FLUSH_AT) pump.flushOrThrow();
                off += chunk;
                len -= chunk;
            }
        }

        @Override
        public void close() throws IOException {
            ProtocolConnection.this.close();
        }
    }
}
