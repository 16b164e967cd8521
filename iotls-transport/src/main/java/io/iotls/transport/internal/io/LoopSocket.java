package io.iotls.transport.internal.io;

import io.iotls.transport.TlsConnection;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A plain TCP connection (no TLS) that starts with blocking streams and can then move to a shared I/O thread, as
 * {@link TlsConnection#receiveOnIoThread} does for TLS: the thread reads what arrives and pushes it to a receiver, and
 * writes no longer wait (what the socket cannot take is queued and sent by that thread). For protocols such as MQTT
 * over {@code mqtt://}: a short exchange with blocking reads first (CONNECT, CONNACK), then no thread per connection.
 */
public final class LoopSocket implements Closeable {
    /** Blocking reads before the move are buffered: a protocol reads its packet headers byte by byte. */
    private static final int READ_BUFFER = 1024;
    /** How long close waits for queued bytes to leave, as a TLS close does for close_notify. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SocketChannel channel;
    private final DrainableInput input;
    private final OutputStream blockingOutput;
    private final ReentrantLock writeLock = new ReentrantLock(); // writes, and the move from blocking to the loop
    private final Output output = new Output();
    private volatile ChannelOutput channelOutput; // once on the loop
    private volatile boolean closedByUs;
    private volatile Reader reader; // set once by receiveOnIoThread; read by whoever pauses reading

    private final UnixInput unixInput; // a UNIX-domain channel has no Socket, so no SO_TIMEOUT: reads bounded here

    private LoopSocket(SocketChannel channel) throws IOException {
        this.channel = channel;
        if (channel.getRemoteAddress() instanceof java.net.UnixDomainSocketAddress) {
            this.unixInput = new UnixInput(channel);
            this.input = new DrainableInput(unixInput);
            this.blockingOutput = java.nio.channels.Channels.newOutputStream(channel);
        } else {
            this.unixInput = null;
            Socket socket = channel.socket();
            this.input = new DrainableInput(socket.getInputStream());
            this.blockingOutput = socket.getOutputStream();
        }
    }

    /** Connects to a UNIX-domain socket (mosquitto's {@code listener 0 /path}); local, so the connect itself is immediate. */
    public static LoopSocket connectUnix(java.nio.file.Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        try {
            channel.connect(java.net.UnixDomainSocketAddress.of(path));
            return new LoopSocket(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Blocking reads of a UNIX-domain channel with a bound: a timer closes the channel when a read waits longer than the
     * read timeout, and the read then throws {@link java.net.SocketTimeoutException}. Unlike SO_TIMEOUT this ends the
     * connection, which is what every caller does after such a timeout anyway (no CONNACK in time).
     */
    private static final class UnixInput extends InputStream {
        private static final java.util.concurrent.ScheduledExecutorService TIMER =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "iotls-unix-read-timeout");
                    t.setDaemon(true);
                    return t;
                });
        private final SocketChannel channel;
        private volatile long timeoutMillis;

        UnixInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long timeout = timeoutMillis;
            if (timeout == 0) return channel.read(java.nio.ByteBuffer.wrap(b, off, len));
            java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
            var watchdog = TIMER.schedule(() -> {
                fired.set(true);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing to end the read
                }
            }, timeout, java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                return channel.read(java.nio.ByteBuffer.wrap(b, off, len));
            } catch (java.nio.channels.AsynchronousCloseException e) {
                if (fired.get()) throw new java.net.SocketTimeoutException("no data within " + timeout + " ms (the UNIX socket was closed)");
                throw e;
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    /** A channel connected already (through a proxy's tunnel, say), in blocking mode. */
    public static LoopSocket of(SocketChannel connected) throws IOException {
        connected.socket().setTcpNoDelay(true);
        return new LoopSocket(connected);
    }

    /** Connects, with Nagle's algorithm off (small packets go out at once). */
    public static LoopSocket connect(InetSocketAddress address, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().setTcpNoDelay(true);
            channel.socket().connect(address, (int) timeout.toMillis());
            return new LoopSocket(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Blocking reads; only until {@link #receiveOnIoThread}. */
    public InputStream input() {
        return input;
    }

    /** Writes and sends at once: blocking before {@link #receiveOnIoThread}, never waiting after it. Thread-safe. */
    public OutputStream output() {
        return output;
    }

    /** How long a blocking read may wait before it throws {@link java.net.SocketTimeoutException}; zero: forever. */
    public void readTimeout(Duration timeout) throws IOException {
        if (unixInput != null) unixInput.timeoutMillis = timeout.toMillis();
        else channel.socket().setSoTimeout((int) timeout.toMillis());
    }

    /**
     * From now on, what arrives goes to {@code receiver} from a shared I/O thread (bytes already buffered first), and
     * {@link #input()} must no longer be read. Both receiver methods run on that thread and must not block.
     */
    public void receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException {
        IoLoop loop = IoLoop.next();
        byte[] buffered;
        writeLock.lock();
        try {
            buffered = input.drain(); // read ahead with the last blocking read; what the socket has, the loop reads
            channel.configureBlocking(false);
            channelOutput = new ChannelOutput(channel, loop);
        } finally {
            writeLock.unlock();
        }
        Reader r = new Reader(receiver, loop);
        reader = r;
        loop.register(channel, r, key -> {
            channelOutput.registered(key);
            if (buffered.length > 0) r.deliver(buffered);
        });
    }

    /** Back-pressure after the move: waits while more than 64 KiB wait for the socket (not on the I/O thread). */
    public void awaitWritable() throws IOException {
        ChannelOutput co = channelOutput;
        if (co != null && !co.onLoopThread()) co.awaitBacklogBelow(ChannelOutput.BACKLOG_LIMIT, Long.MAX_VALUE);
    }

    /** Stops or resumes reading on the I/O thread, for a receiver that fell behind. */
    public void receiving(boolean on) {
        ChannelOutput co = channelOutput;
        if (co != null) co.readsPaused(!on, reader);
    }

    /** Closes; on the I/O thread's channel, after at most a second for queued bytes to leave. No report to the receiver. */
    @Override
    public void close() throws IOException {
        closedByUs = true;
        ChannelOutput co = channelOutput;
        try {
            if (co != null && !co.onLoopThread()) co.awaitBacklogBelow(0, CLOSE_WAIT_NANOS);
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            channel.close();
            if (co != null) co.cancel(); // a writer waiting for room learns it is closed
        }
    }

    /** Buffered blocking reads, whose buffer can be taken whole without reading the socket again. */
    private static final class DrainableInput extends BufferedInputStream {
        DrainableInput(InputStream in) {
            super(in, READ_BUFFER);
        }

        /** The bytes read from the socket and not yet taken; never reads (available() + read could read more). */
        synchronized byte[] drain() {
            byte[] rest = java.util.Arrays.copyOfRange(buf, pos, count);
            pos = count;
            return rest;
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeLock.lock();
            try {
                ChannelOutput co = channelOutput;
                if (co != null) co.write(b, off, len);
                else blockingOutput.write(b, off, len);
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            LoopSocket.this.close();
        }
    }

    /** On the I/O loop: reads what the socket has and hands it to the receiver. */
    private final class Reader implements IoLoop.Handler {
        private final TlsConnection.Receiver receiver;
        private final IoLoop loop;
        private boolean finished;

        Reader(TlsConnection.Receiver receiver, IoLoop loop) {
            this.receiver = receiver;
            this.loop = loop;
        }

        @Override
        public void readable() {
            if (finished || channelOutput.readsPaused()) return;
            if (closedByUs) {
                finished = true;
                return;
            }
            byte[] scratch = loop.scratch();
            ByteBuffer into = ByteBuffer.wrap(scratch);
            try {
                while (!finished && !channelOutput.readsPaused()) {
                    into.clear();
                    int n = channel.read(into);
                    if (n < 0) {
                        finish(null);
                        return;
                    }
                    if (n > 0 && !handedTo(scratch, n)) return;
                    if (n < scratch.length) return; // the socket is drained; the next data wakes the loop
                }
            } catch (IOException e) {
                finish(e);
            }
        }

        /** Bytes read before the move, on the loop once registered. */
        void deliver(byte[] data) {
            if (!finished && !closedByUs) handedTo(data, data.length);
        }

        /**
         * Gives the receiver {@code n} bytes. If it rejects them (a protocol error), reading ends but writing does not:
         * the receiver may still send its goodbye (an MQTT 5 DISCONNECT with a reason code) before it closes.
         * @return false if the receiver failed
         */
        private boolean handedTo(byte[] data, int n) {
            try {
                receiver.received(data, 0, n);
                return true;
            } catch (IOException e) {
                finished = true;
                channelOutput.readsPaused(true, this);
                if (!closedByUs) receiver.closed(e);
                return false;
            }
        }

        @Override
        public void writable() {
            channelOutput.writable();
        }

        @Override
        public void failed(IOException cause) {
            finish(cause);
        }

        private void finish(IOException cause) {
            if (finished) return;
            finished = true;
            channelOutput.cancel();
            if (!closedByUs) receiver.closed(cause);
        }
    }
}
