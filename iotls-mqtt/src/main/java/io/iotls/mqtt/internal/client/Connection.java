package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttException;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.internal.codec.FrameAssembler;
import io.iotls.mqtt.internal.codec.FrameReader;
import io.iotls.mqtt.internal.codec.MalformedPacketException;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.Properties;
import io.iotls.transport.TlsConnection;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/** One network connection: how it is read, its writer and its keep-alive task. */
final class Connection {
    /** A publisher may run this far ahead of the network before publish blocks. */
    private static final int MAX_QUEUED_BYTES = 1 << 20;
    /**
     * A connection that has written nothing for this long is not in a burst: its next packet goes out on the caller's
     * thread. Back-to-back publishes come far closer together than this and are batched by the writer.
     */
    private static final long QUIET_WRITE_NANOS = 50_000;
    /** The most the shared I/O thread sends for a connection after a read; the writer thread sends the rest. */
    private static final long IO_THREAD_FLUSH_BYTES = 64 * 1024;

    /** The client that owns this connection: it handles the packets read, and hears of the end once. */
    interface Owner {
        void handle(MqttPacket packet, Connection from) throws IOException;

        void lost(Connection which, Throwable cause);

        /** Runs {@code event} as a task of the client's session (where every session packet is written). */
        void inSession(SessionExecutor.Event event);
    }

    private final MqttClientOptions options;
    private final PacketCodec codec;
    private final Owner owner;
    private final Link link;
    private final FrameReader reader;
    private volatile boolean open = true;
    private volatile long lastWriteNanos = System.nanoTime();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock outboxLock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition drained = outboxLock.newCondition();
    private final Outbox outbox = new Outbox();
    private boolean writerRunning;
    /**
     * The I/O thread is handling a read of this connection and sends what is queued meanwhile. Written under
     * outboxLock, by the I/O thread only (which may read it without the lock).
     */
    private boolean handlingRead;
    private volatile Thread ioThread; // the shared I/O thread, once it has delivered data
    private volatile boolean disconnecting; // DISCONNECT is on its way: the broker closing its side is expected
    /** Stops and resumes reads on the I/O thread, for handlers that fall behind; one per connection. */
    private final HandlerQueue.Source reading;
    /**
     * Read on the shared I/O thread: no write may wait for the network in a session task (that thread runs one for
     * every packet). Publishers wait in {@link #awaitRoom()} after their task.
     */
    private volatile boolean writesNeverWait;
    private Thread readerThread;
    private final KeepAlive keepAlive;

    Connection(Link link, MqttClientOptions options, PacketCodec codec, Owner owner) {
        this.options = options;
        this.codec = codec;
        this.owner = owner;
        this.link = link;
        this.reading = link::receiving;
        this.reader = new FrameReader(link.input(), options.maxPacketSize());
        this.keepAlive = new KeepAlive(options.keepAlive(), new KeepAlive.Watched() {
            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public long lastWriteNanos() {
                return lastWriteNanos;
            }

            @Override
            public void ping() {
                sendPing();
            }

            @Override
            public void timedOut(ConnectionEnded.KeepAliveTimeout why) {
                fail(why);
            }
        });
    }

    void start() throws IOException {
        writesNeverWait = options.sharedIoThread() && link.receiveOnIoThread(new LoopReceiver(this));
        if (!writesNeverWait) {
            readerThread = Thread.ofVirtual().name("iotls-mqtt-reader").start(this::readLoop);
        }
        keepAlive.start();
    }

    boolean isOpen() {
        return open;
    }

    HandlerQueue.Source reading() {
        return reading;
    }

    /** DISCONNECT is on its way: the broker closing its side is expected, not a loss. */
    void disconnecting() {
        disconnecting = true;
    }

    /** Writes never wait for the network (the shared I/O thread reads this connection). */
    boolean writesNeverWait() {
        return writesNeverWait;
    }

    /** True on the shared I/O thread, which must never wait (for the network, a lock held long, or a handler). */
    boolean onIoThread() {
        return Thread.currentThread() == ioThread;
    }

    /**
     * Queues a packet for the writer. One writer (a virtual thread started per burst) sends what is queued in batches
     * of about one TLS record: packets that pile up while a record is on its way share the next one, as Netty's flush
     * consolidation does. While the I/O thread handles a read of this connection, it sends what is queued when done
     * ({@link #readHandled}) and no writer is started. Order is kept: only the holder of the write lock takes from the
     * queue.
     */
    void write(byte[] bytes) throws IOException {
        write(bytes, false);
    }

    /**
     * As {@link #write(byte[])}; {@code othersInFlight}: publishes sent before this one still await their
     * acknowledgement, so this one is part of a stream and waits for the writer's next batch (Nagle's rule, RFC 896).
     */
    void write(byte[] bytes, boolean othersInFlight) throws IOException {
        // on the I/O thread during a read, everything waits for readHandled: one record for all the read's answers
        boolean lone = !othersInFlight && System.nanoTime() - lastWriteNanos > QUIET_WRITE_NANOS && !(onIoThread() && handlingRead);
        if ((bytes.length >= Outbox.BATCH_BYTES || lone) && writtenDirectly(bytes, null)) return;
        outboxLock.lock();
        try {
            if (!open) throw new MqttException("not connected");
            outbox.add(bytes);
            if (!writerRunning && !handlingRead) startWriter();
            while (outbox.bytes() > MAX_QUEUED_BYTES && open && !writesNeverWait) { // back-pressure: the network is slower than the caller
                try {
                    drained.awaitNanos(100_000_000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while the connection was busy");
                }
            }
            if (!open) throw new MqttException("not connected");
        } finally {
            outboxLock.unlock();
        }
    }

    /**
     * A PUBLISH as its head and a payload of a record's worth or more ({@code payload} null: {@code head} is the whole
     * packet). Sent directly without joining the two when nothing is queued before it; otherwise joined and queued.
     */
    void write(byte[] head, byte[] payload, boolean othersInFlight) throws IOException {
        if (payload == null) {
            write(head, othersInFlight);
            return;
        }
        if (writtenDirectly(head, payload)) return;
        write(Link.joined(head, payload), othersInFlight);
    }

    /**
     * A record's worth, or a lone packet (nothing awaiting acknowledgement, nothing written for
     * {@link #QUIET_WRITE_NANOS}), with nothing queued before it, is sent on the caller's thread: batching cannot help
     * it, and a hand-off to a writer would cost a thread wake-up (most of a lone publish's latency). Packets that
     * follow close behind go to the writer and share records. The write lock, taken while the queue is seen empty, keeps
     * the order: a writer started meanwhile waits for it. A failure ends the connection and is thrown to the caller.
     */
    private boolean writtenDirectly(byte[] bytes, byte[] payload) throws IOException {
        outboxLock.lock();
        try {
            if (!open) throw new MqttException("not connected");
            if (!outbox.isEmpty() || writerRunning || !writeLock.tryLock()) return false;
        } finally {
            outboxLock.unlock();
        }
        try {
            if (payload == null) {
                link.output().write(bytes);
                link.output().flush();
            } else {
                link.write(bytes, payload);
            }
            lastWriteNanos = System.nanoTime();
            return true;
        } catch (IOException e) {
            fail(e);
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /** Outbox lock held. */
    private void startWriter() {
        writerRunning = true;
        Thread.ofVirtual().name("iotls-mqtt-writer").start(this::writeLoop);
    }

    /** On the I/O thread, before it hands this connection's packets of one read to the engine. */
    void readStarted() {
        outboxLock.lock();
        try {
            handlingRead = true;
        } finally {
            outboxLock.unlock();
        }
    }

    /**
     * On the I/O thread, once it has handled a read: sends what was queued meanwhile (its own acknowledgements, and
     * publishes that the acknowledgements it read let go), as Netty flushes on read-complete. Those packets would
     * otherwise each wake a writer thread; here they share the records of a write the I/O thread makes anyway,
     * without waiting (its channel queues what the socket cannot take). More than {@link #IO_THREAD_FLUSH_BYTES} is
     * left to the writer, so that one connection's burst does not hold up the others on this thread.
     */
    void readHandled() {
        outboxLock.lock();
        try {
            handlingRead = false;
            if (outbox.isEmpty() || writerRunning || !open) return;
            if (!writeLock.tryLock()) { // a publisher is writing directly: the writer goes on after it
                startWriter();
                return;
            }
        } finally {
            outboxLock.unlock();
        }
        try {
            long sent = 0;
            while (true) {
                byte[] chunk = null;
                outboxLock.lock();
                try {
                    if (sent < IO_THREAD_FLUSH_BYTES && outbox.firstLength() < Outbox.BATCH_BYTES) {
                        chunk = outbox.nextBatch();
                        drained.signalAll();
                    } else if (!outbox.isEmpty() && !writerRunning) {
                        startWriter(); // a large packet or a burst: not for the thread every connection shares
                    }
                } finally {
                    outboxLock.unlock();
                }
                if (chunk == null) break;
                link.output().write(chunk);
                sent += chunk.length;
            }
            link.output().flush();
            lastWriteNanos = System.nanoTime();
        } catch (IOException e) {
            Thread.ofVirtual().name("iotls-mqtt-closing").start(() -> fail(e)); // failing may wait: not here
        } finally {
            writeLock.unlock();
        }
    }

    private void writeLoop() {
        while (true) {
            try {
                writeLock.lock();
                try {
                    byte[] chunk;
                    outboxLock.lock();
                    try {
                        if (outbox.isEmpty() || !open) {
                            writerRunning = false;
                            drained.signalAll();
                            return;
                        }
                        chunk = outbox.nextBatch();
                        drained.signalAll();
                    } finally {
                        outboxLock.unlock();
                    }
                    link.output().write(chunk);
                    link.output().flush();
                    lastWriteNanos = System.nanoTime();
                } finally {
                    writeLock.unlock();
                }
                link.awaitWritable(); // with no lock held: a final drain never waits behind it
            } catch (IOException e) {
                outboxLock.lock();
                try {
                    writerRunning = false;
                } finally {
                    outboxLock.unlock();
                }
                fail(e);
                return;
            }
        }
    }

    /** Queues the last packet (DISCONNECT) for {@link #drainNow()}, without starting a writer for it. */
    void queueLast(byte[] bytes) {
        outboxLock.lock();
        try {
            if (open) outbox.add(bytes);
        } finally {
            outboxLock.unlock();
        }
    }

    /**
     * Back-pressure for a publisher, outside the session: waits while more than {@link #MAX_QUEUED_BYTES}
     * wait for the writer or the network is behind. Needed only when writes never wait themselves.
     */
    void awaitRoom() throws IOException {
        if (!writesNeverWait || onIoThread()) return;
        outboxLock.lock();
        try {
            while (outbox.bytes() > MAX_QUEUED_BYTES && open) drained.awaitNanos(100_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the connection was busy");
        } finally {
            outboxLock.unlock();
        }
        link.awaitWritable();
    }

    /** Writes what is queued on this thread, before closing. Never from a session task. */
    void drainNow() {
        writeLock.lock();
        try {
            while (true) {
                byte[] chunk;
                outboxLock.lock();
                try {
                    chunk = outbox.nextBatch();
                } finally {
                    outboxLock.unlock();
                }
                if (chunk == null) break;
                link.output().write(chunk);
            }
            link.output().flush();
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            writeLock.unlock();
        }
    }

    void pingAnswered() {
        keepAlive.pingAnswered();
    }

    private void readLoop() {
        try {
            while (open) {
                FrameReader.Frame frame = reader.read();
                if (frame == null) throw new EOFException("the broker closed the connection");
                owner.handle(codec.decode(frame), this);
            }
        } catch (IOException | RuntimeException e) {
            readFailed(e);
        }
    }

    /** Reading ended: a malformed packet is answered with DISCONNECT (MQTT 5) before the connection closes. */
    void readFailed(Exception e) {
        if (e instanceof MalformedPacketException malformed && options.version() == MqttVersion.V5) {
            try {
                write(codec.encode(new MqttPacket.Disconnect(malformed.reasonCode(), Properties.NONE)));
            } catch (IOException ignored) {
                // already failing
            }
            drainNow();
        }
        fail(e);
    }

    /** In the session, as every packet: it goes out between two session packets, never inside one's bytes. */
    private void sendPing() {
        owner.inSession(() -> {
            try {
                if (open) write(codec.encode(new MqttPacket.PingReq()));
            } catch (IOException e) {
                fail(e);
            }
        });
    }

    void fail(Throwable cause) {
        if (!open) return;
        close();
        owner.lost(this, cause);
    }

    void close() {
        open = false;
        outboxLock.lock();
        try {
            drained.signalAll();
        } finally {
            outboxLock.unlock();
        }
        try {
            link.close();
        } catch (IOException ignored) {
            // closing
        }
        keepAlive.stop();
    }

    /** Packets pushed by the shared I/O thread: decoded and handled there, without a thread hand-off. */
    private static final class LoopReceiver implements TlsConnection.Receiver {
        private final Connection connection;
        private final FrameAssembler assembler;

        LoopReceiver(Connection connection) {
            this.connection = connection;
            this.assembler = new FrameAssembler(connection.options.maxPacketSize());
        }

        @Override
        public void received(byte[] data, int offset, int length) throws IOException {
            if (!connection.isOpen()) return;
            connection.ioThread = Thread.currentThread();
            connection.readStarted();
            try {
                assembler.accept(data, offset, length, frame -> connection.owner.handle(connection.codec.decode(frame), connection));
            } catch (RuntimeException e) {
                throw new MqttException("internal error while handling a packet: " + e, -1, e);
            } finally {
                connection.readHandled();
            }
        }

        @Override
        public void closed(IOException cause) {
            if (!connection.isOpen() || connection.disconnecting) return; // we are closing it: nothing to report
            Exception why = cause != null ? cause : new EOFException(assembler.idle() ? "the broker closed the connection"
                    : "the broker closed the connection inside a packet");
            // never on the I/O thread: failing writes DISCONNECT and closes, both of which may wait for the network
            Thread.ofVirtual().name("iotls-mqtt-closing").start(() -> connection.readFailed(why));
        }
    }
}
