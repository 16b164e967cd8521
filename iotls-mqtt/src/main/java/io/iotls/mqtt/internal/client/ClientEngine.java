package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.ConnAck;
import io.iotls.mqtt.MessageQueue;
import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttException;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.PublishResult;
import io.iotls.mqtt.Qos;
import io.iotls.mqtt.SubscribeResult;
import io.iotls.mqtt.internal.codec.MalformedPacketException;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.PacketType;
import io.iotls.mqtt.internal.codec.Properties;
import io.iotls.mqtt.internal.codec.Property;
import io.iotls.mqtt.internal.codec.ReasonCodes;
import io.iotls.mqtt.internal.codec.Topics;
import io.iotls.mqtt.internal.client.OutgoingSession.Outgoing;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeTrace;
import io.iotls.transport.TlsTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client: connects, publishes, subscribes and receives, and keeps the session across reconnects. Its
 * {@link SessionExecutor} is the single owner of all the client's mutable state: every event (a call of the
 * application, a packet read, a lost connection, a timer, a file the store wrote) is a task run there, one at a time,
 * and what a task decides (complete a future, deliver a message) is done outside it. The parts below are not
 * thread-safe and are only called from those tasks (see the package documentation for the threads):
 * <ul>
 * <li>{@link Lifecycle}: the client's state and its connection attempts (one at a time).</li>
 * <li>{@link OutgoingSession}: the publishes, buffered and in flight, the window and the topic aliases.</li>
 * <li>{@link Requests}: the subscriptions, and SUBSCRIBE / UNSUBSCRIBE awaiting their answer.</li>
 * <li>{@link IncomingQos2}: the received QoS 2 identifiers until PUBREL, on disk with a store.</li>
 * <li>{@link PacketIds}, {@link ManualAcks}, and the current {@link Connection}. Every session packet is written
 *     by a task, so packet identifiers and the bytes on the wire keep one order.</li>
 * <li>{@link Connection}: one network connection, its writer, its keep-alive and how it is read (by the transport's
 *     shared I/O thread, or a virtual reader thread of its own).</li>
 * <li>{@link HandlerQueue}: the application's handlers, off the I/O thread, in arrival order; acknowledgements of
 *     received messages go out once they returned.</li>
 * <li>{@link StoreWork}: the message store's file work after a save, off the I/O thread and the session.</li>
 * <li>{@link SerialRunner} {@code events}: lifecycle listener calls, in order, never in a session task.</li>
 * </ul>
 */
public final class ClientEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEngine.class);
    /**
     * How long disconnect and close wait for a publisher's write before they give the connection up: a network that
     * takes nothing blocks that write, and the session task that made it.
     */
    private static final long STUCK_WRITE_MILLIS = 1000;
    private static final int PACKET_IDENTIFIER_NOT_FOUND = 0x92;

    private final MqttClientOptions options;
    private final String clientId;
    private final PacketCodec codec;
    private final TlsTransport tls;
    /** The single owner of everything below that changes: it runs the session's tasks one at a time. */
    private final SessionExecutor session = new SessionExecutor("iotls-mqtt-session");
    /** The session's publishes: buffered and in flight; session tasks only. */
    private final OutgoingSession outgoing;
    /** Subscriptions, and SUBSCRIBE / UNSUBSCRIBE awaiting their answer; session tasks only. */
    private final Requests requests;
    /** Incoming QoS 2 identifiers between PUBLISH and PUBREL; session tasks only. */
    private final IncomingQos2 receivedQos2;
    private final MessageQueue queue;
    /** Runs handlers for messages read on the shared I/O thread, in order, across reconnects. */
    private final HandlerQueue handlerQueue = new HandlerQueue(this::deliver);
    private final MessageStore store;
    private volatile Connection connection; // changed by session tasks; read outside them only to look or give up a stuck one
    /** Owns the client's state and its connection attempts; session tasks only (its state may be read anywhere). */
    private final Lifecycle lifecycle;
    private final SerialRunner events = new SerialRunner("iotls-mqtt-events");
    /** The store's release records and deletes, off the I/O thread; null without persistence. */
    private final StoreWork storeWork;
    private final PacketIds packetIds = new PacketIds();
    /** With manual acknowledgement: received messages whose acknowledgement waits for the application; else null. */
    private final ManualAcks manualAcks;
    private boolean closed;
    /** Written by a session task; read by the one running attempt outside them. */
    private volatile boolean everConnected;
    private volatile HandshakeTrace lastTrace;

    /** What this client's connections ask of it: the packets they read, and their end. */
    private final Connection.Owner owner = new Connection.Owner() {
        @Override
        public void handle(MqttPacket packet, Connection from) throws IOException {
            ClientEngine.this.handle(packet, from);
        }

        @Override
        public void lost(Connection which, Throwable cause) {
            ClientEngine.this.lost(which, cause);
        }

        @Override
        public void inSession(SessionExecutor.Event event) {
            session.post(event);
        }
    };

    public ClientEngine(MqttClientOptions options) throws IOException {
        this.options = options;
        // One identifier per client, kept across reconnects so the broker finds the session again.
        this.clientId = options.clientId().isEmpty() ? "iotls-" + java.util.UUID.randomUUID().toString().substring(0, 13) : options.clientId();
        this.codec = new PacketCodec(options.version());
        this.tls = !options.usesTls() ? null : options.tlsTransport().isPresent() ? options.tlsTransport().get()
                : TlsTransport.create(options.tls());
        this.outgoing = new OutgoingSession(options, codec, packetIds, this::forget);
        this.requests = new Requests(packetIds);
        this.queue = options.queueCapacity() > 0 ? new MessageQueue(options.queueCapacity(), options.queuePolicy()) : null;
        this.store = options.persistenceDirectory().isPresent() ? openStore(options.persistenceDirectory().get()) : null;
        this.storeWork = store == null ? null : new StoreWork(store);
        this.receivedQos2 = new IncomingQos2(storeWork);
        if (store != null) receivedQos2.restore(receivedBefore(store, options.persistenceDirectory().get()));
        this.manualAcks = options.manualAcknowledgement() ? new ManualAcks() : null;
        this.lifecycle = new Lifecycle(new ReconnectBackoff(options.reconnectDelayMin(), options.reconnectDelayMax(),
                bound -> ThreadLocalRandom.current().nextLong(bound)), options.autoReconnect(), this::scheduleAttempt);
    }

    /** Loads what an earlier process left unacknowledged: released QoS 2 messages owe PUBREL, the rest is re-sent. */
    private MessageStore openStore(java.nio.file.Path directory) throws MqttException {
        try {
            MessageStore s = new MessageStore(directory, clientId, codec);
            for (MessageStore.Stored stored : s.load()) outgoing.restore(stored);
            if (!outgoing.isEmpty()) {
                LOG.info("{} unacknowledged message(s) of client '{}' restored from {}", outgoing.size(), clientId, directory);
            }
            return s;
        } catch (IOException e) {
            throw new MqttException("cannot open the message store in " + directory + ": " + e.getMessage(), -1, e);
        }
    }

    /** The incoming QoS 2 identifiers an earlier process recorded. */
    private static Set<Integer> receivedBefore(MessageStore s, java.nio.file.Path directory) throws MqttException {
        try {
            return s.loadReceived();
        } catch (IOException e) {
            throw new MqttException("cannot read the message store in " + directory + ": " + e.getMessage(), -1, e);
        }
    }

    public String clientId() {
        return clientId;
    }

    public Optional<MessageQueue> queue() {
        return Optional.ofNullable(queue);
    }

    public Optional<HandshakeTrace> lastHandshakeTrace() {
        return Optional.ofNullable(lastTrace);
    }

    public boolean isConnected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    public io.iotls.mqtt.ClientState state() {
        return lifecycle.state();
    }

    /** Connections this client has made (each CONNACK accepted). */
    public int connections() {
        return lifecycle.connections();
    }

    // ---------------------------------------------------------------- connecting

    /**
     * Connects (CONNECT, CONNACK), then re-sends what the session still owes. TLS failures come as HandshakeException.
     * Fails at once while another attempt runs or a connection is live: a client holds one of either at most.
     */
    public ConnAck connect() throws IOException {
        return attempt(session.call(lifecycle::beginUserAttempt));
    }

    /** Runs attempt {@code id}: only if it still owns the client once CONNACK is in does its connection become live. */
    private ConnAck attempt(long id) throws IOException {
        Link link;
        ConnectHandshake.Granted granted;
        try {
            Link opened = Link.open(options, tls);
            link = options.packetLog().isPresent() ? PacketLog.around(opened, codec, options.packetLog().get()) : opened;
        } catch (IOException | RuntimeException e) {
            attemptFailed(id);
            throw e;
        }
        link.tls().ifPresent(t -> lastTrace = t.trace());
        try {
            granted = ConnectHandshake.run(link, options, codec, clientId, everConnected);
        } catch (IOException | RuntimeException e) {
            closeQuietly(link);
            attemptFailed(id);
            throw e;
        }
        Connection c = session.call(() -> installed(id, link, granted));
        try {
            c.start();
        } catch (IOException | RuntimeException e) {
            c.fail(e);
            throw e;
        }
        return granted.ack();
    }

    /**
     * Reads the TLS files again now (see {@link TlsTransport#reloadTls()}): the next connection, a reconnect included,
     * uses them; the MQTT session is the broker's and is not touched.
     */
    public void reloadTls() throws io.iotls.transport.HandshakeException {
        if (tls == null) throw new IllegalStateException("a plain " + options.serverUri().getScheme() + ":// client has no TLS files to reload");
        tls.reloadTls();
    }

    /** Session task: attempt {@code id} has its CONNACK; its connection becomes live if the attempt still owns the client. */
    private Connection installed(long id, Link link, ConnectHandshake.Granted granted) throws IOException {
        if (!lifecycle.owns(id)) {
            closeQuietly(link);
            throw new MqttException(closed ? "the client was closed while connecting" : "disconnect() was called while connecting");
        }
        ConnAck ack = granted.ack();
        outgoing.connected(granted);
        Connection c = new Connection(link, options, codec, owner);
        connection = c;
        everConnected = true;
        int attemptNumber = lifecycle.connected(System.nanoTime());
        long maxPacket = outgoing.brokerMaxPacketSize();
        var connected = new io.iotls.mqtt.MqttLifecycleListener.Connected(ack, attemptNumber, outgoing.window(),
                maxPacket == Integer.MAX_VALUE ? Optional.empty() : Optional.of(maxPacket));
        java.util.List<String> tlsWarnings = link.tls().map(t -> t.trace().warnings()).orElse(java.util.List.of());
        if (!tlsWarnings.isEmpty()) {
            var warned = new io.iotls.mqtt.MqttLifecycleListener.TlsWarnings(attemptNumber, tlsWarnings);
            options.lifecycleListener().ifPresent(l -> events.post(() -> l.tlsWarnings(warned)));
        }
        options.lifecycleListener().ifPresent(l -> events.post(() -> l.connected(connected)));
        try {
            resumeSession(ack.sessionPresent());
        } catch (IOException e) { // the new connection failed at once: it counts as lost, and the backoff says so
            c.fail(e);
            throw e;
        }
        return c;
    }

    /** Attempt {@code id} ended without a connection: schedule the next one, if the lifecycle says so. */
    private void attemptFailed(long id) throws IOException {
        session.call(() -> {
            lifecycle.attemptFailed(id).ifPresent(this::announceReconnect);
            return null;
        });
    }

    /** Session task. */
    private void announceReconnect(Duration delay) {
        int attempt = lifecycle.scheduledAttempt();
        LOG.info("reconnecting to {} in {} ms (attempt {})", options.serverUri(), delay.toMillis(), attempt);
        var scheduled = new io.iotls.mqtt.MqttLifecycleListener.ReconnectScheduled(attempt, delay);
        options.lifecycleListener().ifPresent(l -> events.post(() -> l.reconnectScheduled(scheduled)));
    }

    /** The lifecycle's timer: starts automatic attempt {@code id} after {@code delay}, on a virtual thread. */
    private java.util.concurrent.Future<?> scheduleAttempt(long id, Duration delay) {
        return SharedScheduler.TIMERS.schedule(() -> Thread.ofVirtual().name("iotls-mqtt-reconnect").start(() -> automaticAttempt(id)),
                delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void automaticAttempt(long id) {
        try {
            // replaced by connect(), or ended by disconnect()/close()
            if (!session.call(() -> lifecycle.beginAutomaticAttempt(id))) return;
            attempt(id);
            LOG.info("reconnected to {}", options.serverUri());
        } catch (HandshakeException e) {
            LOG.warn("reconnect to {} failed: {}", options.serverUri(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.info("reconnect to {} failed: {}", options.serverUri(), e.toString());
        }
    }

    private static void closeQuietly(Link link) {
        try {
            link.close();
        } catch (IOException ignored) {
            // the attempt has failed already
        }
    }

    /** Session task, right after CONNACK. */
    private void resumeSession(boolean sessionPresent) throws IOException {
        if (sessionPresent && options.version() == io.iotls.mqtt.MqttVersion.V3_1) {
            // 3.1: present is assumed (no flag); a broker that lost it would also have lost the subscriptions, and
            // subscribing again is harmless where it did not: so the subscriptions are made sure of
            List<MqttPacket.Subscription> all = requests.all();
            if (!all.isEmpty()) send(new Requests.Request(id -> new MqttPacket.Subscribe(id, all, Properties.NONE), new CompletableFuture<>()));
        }
        if (!sessionPresent) {
            receivedQos2.sessionLost();
            List<MqttPacket.Subscription> all = requests.all();
            if (!all.isEmpty()) { // the broker forgot them: subscribe again, without waiting
                send(new Requests.Request(id -> new MqttPacket.Subscribe(id, all, Properties.NONE), new CompletableFuture<>()));
            }
        }
        for (Requests.Request r : requests.takeDeferred()) send(r);
        for (Outgoing o : outgoing.inflight()) {
            if (o.released) {
                if (sessionPresent) {
                    write(new MqttPacket.Ack(PacketType.PUBREL, o.packetId, 0, Properties.NONE));
                } else {
                    // The broker took it (PUBREC), then lost the session before our PUBREL. mosquitto passes a QoS 2
                    // message on only at PUBREL (MQTT 5 4.3.3 allows either), so it may never have been delivered:
                    // sent again as a new message. A broker that delivered at PUBLISH sees it twice; none loses it.
                    o.released = false;
                    unrecordRelease(o);
                    write(o.publish.withPacketId(o.packetId));
                }
            } else {
                write(sessionPresent ? o.publish.withPacketId(o.packetId).withDup() : o.publish.withPacketId(o.packetId));
            }
        }
        outgoing.drain(connection);
    }

    // ---------------------------------------------------------------- publishing

    public CompletableFuture<PublishResult> publish(MqttMessage message) {
        return publish(Messages.toPublish(message), false);
    }

    /**
     * Publishes a payload the caller keeps: it is read before this returns. A QoS 0 message written (or queued for the
     * writer) at once is encoded from the caller's array, with no copy before; any other message keeps a copy.
     */
    public CompletableFuture<PublishResult> publishBorrowed(String topic, byte[] payload, Qos qos, boolean retain) {
        return publish(new MqttPacket.Publish(topic, payload, qos.code(), retain, false, 0, Properties.NONE), true);
    }

    private CompletableFuture<PublishResult> publish(MqttPacket.Publish packet, boolean borrowed) {
        if (options.version() != MqttVersion.V5 && packet.topic().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("empty topic"));
        }
        Outgoing o = new Outgoing(packet);
        try {
            // its identifier for good: kept across reconnects, and in the store across a restart (taken here, before
            // the store's write, only with a store: otherwise in the one session task below)
            if (store != null && packet.qos() > 0) {
                o.packetId = session.call(packetIds::take);
                try { // on disk before it can be sent; on this thread, not in a session task
                    o.seq = store.save(packet.withPacketId(o.packetId));
                } catch (IOException e) {
                    releaseId(o);
                    throw new MqttException("cannot store the message before sending it: " + e.getMessage(), -1, e);
                }
            }
            session.call(() -> added(o, borrowed));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.awaitRoom();
            } catch (IOException e) {
                // QoS 1/2: kept for the next connection, its future says how it ends; QoS 0: lost with the connection,
                // unless it was written before the connection ended (its future is complete: the broker may have it)
                if (packet.qos() == 0 && !o.future.isDone()) return CompletableFuture.failedFuture(e);
            }
        }
        return o.future;
    }

    /**
     * Session task: the publish joins the session and goes out if the window has room. Fails (to the caller's future)
     * when the client is neither connected nor reconnecting, or the offline buffer says so.
     */
    private Void added(Outgoing o, boolean borrowed) throws MqttException {
        io.iotls.mqtt.ClientState state = lifecycle.state();
        if (state == io.iotls.mqtt.ClientState.CLOSED || state == io.iotls.mqtt.ClientState.DISCONNECTED) {
            outgoing.dropped(o);
            throw new io.iotls.mqtt.MqttNotConnectedException("publish", state);
        }
        if (o.publish.qos() > 0 && o.packetId == 0) o.packetId = packetIds.take();
        MqttException full = outgoing.add(o);
        if (full != null) throw full;
        try {
            outgoing.drain(connection);
        } catch (IOException e) {
            connectionFailed(e);
        } finally {
            // still pending, or kept for a retransmission: the caller's array may change once we return
            if (borrowed && !o.future.isDone()) o.publish = o.publish.withPayload(o.publish.payload().clone());
        }
        return null;
    }

    /** The message needs no more work: remove it from the store, on the store thread. */
    private void forget(Outgoing o) {
        if (store != null && o.seq >= 0) storeWork.delete(o.seq);
    }

    private void releaseId(Outgoing o) throws IOException {
        session.call(() -> {
            packetIds.release(o.packetId);
            return null;
        });
    }

    // ---------------------------------------------------------------- subscribing

    public CompletableFuture<SubscribeResult> subscribe(MqttPacket.Subscription request, Consumer<MqttMessage> handler) {
        Topics.checkFilter(request.filter());
        CompletableFuture<MqttPacket> sent;
        try {
            sent = session.call(() -> {
                var s = sendAndAwait("subscribe", "SUBACK", id -> new MqttPacket.Subscribe(id, List.of(request), Properties.NONE));
                if (!s.isCompletedExceptionally()) requests.subscribed(request, handler);
                return s;
            });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sent.thenApply(p -> new SubscribeResult(((MqttPacket.SubAck) p).reasonCodes()));
    }

    public CompletableFuture<SubscribeResult> unsubscribe(String filter) {
        CompletableFuture<MqttPacket> sent;
        try {
            sent = session.call(() -> {
                var s = sendAndAwait("unsubscribe", "UNSUBACK", id -> new MqttPacket.Unsubscribe(id, List.of(filter), Properties.NONE));
                if (!s.isCompletedExceptionally()) requests.unsubscribed(filter);
                return s;
            });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sent.thenApply(p -> new SubscribeResult(((MqttPacket.UnsubAck) p).reasonCodes()));
    }

    /**
     * Sends a packet that the broker answers with {@code answer}; while (re)connecting it waits for the next connection,
     * and one lost on the way is sent again there. The future fails if no answer comes within the call timeout, or the
     * client is disconnected or closed first. Session task.
     */
    private CompletableFuture<MqttPacket> sendAndAwait(String call, String answer, java.util.function.IntFunction<MqttPacket> packet) {
        io.iotls.mqtt.ClientState state = lifecycle.state();
        if (state == io.iotls.mqtt.ClientState.DISCONNECTED || state == io.iotls.mqtt.ClientState.CLOSED) {
            return CompletableFuture.failedFuture(new io.iotls.mqtt.MqttNotConnectedException(call, state));
        }
        Requests.Request r = new Requests.Request(packet, new CompletableFuture<>());
        Duration timeout = options.callTimeout();
        var timer = SharedScheduler.TIMERS.schedule(() -> session.postFromTimer(() -> {
            if (!requests.timedOut(r)) return null;
            MqttException late = new MqttException("no " + answer + " within " + timeout.toMillis()
                    + " ms (callTimeout); the client is " + lifecycle.state());
            return () -> r.future().completeExceptionally(late);
        }), timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        r.future().whenComplete((result, e) -> timer.cancel(false));
        if (state == io.iotls.mqtt.ClientState.CONNECTED && connection != null && connection.isOpen()) {
            try {
                send(r);
            } catch (IOException e) {
                connectionFailed(e); // the loss decides: sent again after a reconnect, or failed
            }
        } else {
            requests.defer(r);
        }
        return r.future();
    }

    /** Session task. */
    private void send(Requests.Request r) throws IOException {
        write(requests.sent(r));
    }

    // ---------------------------------------------------------------- receiving

    private void handle(MqttPacket packet, Connection from) throws IOException {
        switch (packet) {
            case MqttPacket.Publish p -> receive(p, from);
            case MqttPacket.Ack a -> acknowledged(a);
            case MqttPacket.SubAck s -> completeAck(s.packetId(), s);
            case MqttPacket.UnsubAck u -> completeAck(u.packetId(), u);
            case MqttPacket.PingResp r -> from.pingAnswered();
            case MqttPacket.Disconnect d -> throw new ConnectionEnded.BrokerDisconnect(d.reasonCode(),
                    d.properties().string(Property.REASON_STRING));
            default -> throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "a broker must not send " + packet.type());
        }
    }

    /**
     * At least once on receive: PUBACK (QoS 1) and PUBREC (QoS 2) go out once the handlers have returned (or the message
     * is in the queue), so a process that dies before that leaves the message with the broker, which sends it again. A
     * handler that throws is logged and the message acknowledged.
     * A QoS 2 message seen before (DUP) is acknowledged at once and not delivered twice.
     */
    private void receive(MqttPacket.Publish p, Connection from) throws IOException {
        String topic = resolveAlias(p);
        if (p.qos() == 2) {
            boolean seen = session.call(() -> {
                boolean again = !receivedQos2.firstTime(p.packetId());
                if (again) write(new MqttPacket.Ack(PacketType.PUBREC, p.packetId(), 0, Properties.NONE));
                return again;
            });
            if (seen) return;
        }
        MqttMessage message = Messages.toMessage(p, topic);
        Runnable acknowledge = p.qos() == 0 ? null
                : p.qos() == 1 ? () -> acknowledgeHandled(from, PacketType.PUBACK, p.packetId())
                : receivedQos2.acknowledgeWhenRecorded(p.packetId(), () -> acknowledgeHandled(from, PacketType.PUBREC, p.packetId()));
        if (manualAcks != null && acknowledge != null) { // the application acknowledges, through MqttClient.acknowledge
            Runnable whenAcknowledged = acknowledge;
            session.call(() -> {
                manualAcks.expect(message, p.qos() == 2 ? p.packetId() : 0, whenAcknowledged);
                return null;
            });
            acknowledge = null;
        }
        if (from.onIoThread() && !options.handlersOnIoThread()) { // handlers may block: not on a thread connections share
            handlerQueue.add(message, acknowledge, from.reading());
        } else {
            deliver(message);
            if (acknowledge != null) acknowledge.run();
        }
    }

    /**
     * Manual acknowledgement: the application is done with {@code message} (the object its handler or the queue gave
     * it). Its PUBACK / PUBREC goes out, after those of the messages that came before it.
     * @return false if the message is not awaiting acknowledgement (done already, or its connection ended: the broker
     *         sends it again)
     */
    public boolean acknowledge(MqttMessage message) {
        if (manualAcks == null) throw new IllegalStateException("acknowledge() needs MqttClientOptions.manualAcknowledgement(true)");
        List<Runnable> due;
        try {
            due = session.call(() -> manualAcks.acknowledge(message));
        } catch (IOException e) { // interrupted while waiting for the session
            return false;
        }
        if (due == null) return false;
        due.forEach(Runnable::run);
        return true;
    }

    /**
     * The handlers of a received message returned: acknowledge it on the connection it came on. If that connection is
     * gone, the broker sends the message again on the next one (DUP), as MQTT 4.4 asks of it.
     */
    private void acknowledgeHandled(Connection from, PacketType type, int packetId) {
        session.post(() -> {
            try {
                if (connection == from && from.isOpen()) write(new MqttPacket.Ack(type, packetId, 0, Properties.NONE));
            } catch (IOException e) {
                connectionFailed(e);
            }
        });
    }

    private String resolveAlias(MqttPacket.Publish p) throws MalformedPacketException {
        Optional<Integer> alias = p.properties().integer(Property.TOPIC_ALIAS);
        if (alias.isEmpty()) return p.topic();
        // We announce no Topic Alias Maximum, so a broker must not use aliases (MQTT 5 3.3.2.3.4).
        throw new MalformedPacketException(ReasonCodes.TOPIC_ALIAS_INVALID, "the broker used topic alias " + alias.get()
                + " although we allow none");
    }

    private void deliver(MqttMessage message) {
        boolean handled = false;
        List<Requests.Subscription> matching;
        try {
            matching = session.call(() -> requests.matching(message.topic()));
        } catch (IOException e) { // interrupted while waiting for the session: the message goes to the queue, if any
            matching = List.of();
        }
        for (Requests.Subscription s : matching) {
            if (s.handler() == null) continue;
            handled = true;
            try {
                s.handler().accept(message);
            } catch (RuntimeException e) {
                LOG.warn("message handler for '{}' threw {}", s.request().filter(), e.toString());
            }
        }
        if (!handled && queue != null) queue.offer(message);
        else if (!handled) LOG.debug("no handler and no queue for a message on '{}'", message.topic());
    }

    /** Completes the publish's future outside the session: callbacks chained to it never run as part of it. */
    private void acknowledged(MqttPacket.Ack a) throws IOException {
        Runnable completion = session.call(() -> settled(a));
        if (completion != null) completion.run();
    }

    /** Session task: what an acknowledgement changes; returns the completion of the publish's future, if it ends. */
    private Runnable settled(MqttPacket.Ack a) throws IOException {
        Runnable completion;
        if (a.type() == PacketType.PUBREL) {
            boolean known = receivedQos2.released(a.packetId());
            // MQTT 5 3.7.2.1: 0x92 Packet Identifier not found; 3.1.1 PUBCOMP has no reason code
            int reason = known || options.version() != MqttVersion.V5 ? 0 : PACKET_IDENTIFIER_NOT_FOUND;
            write(new MqttPacket.Ack(PacketType.PUBCOMP, a.packetId(), reason, Properties.NONE));
            return null;
        }
        Outgoing o = outgoing.inflight(a.packetId());
        if (o == null) {
            LOG.debug("{} for unknown packet id {} ignored", a.type(), a.packetId());
            return null;
        }
        Optional<String> reason = a.properties().string(Property.REASON_STRING);
        checkAckFits(a, o);
        if (a.type() == PacketType.PUBREC && a.reasonCode() < 0x80 && o.publish.qos() == 2) {
            o.released = true;
            if (store != null && o.seq >= 0) {
                releaseWhenRecorded(o, connection);
                return null;
            }
            write(new MqttPacket.Ack(PacketType.PUBREL, a.packetId(), 0, Properties.NONE));
            return null;
        }
        outgoing.completed(o);
        if (a.reasonCode() >= 0x80) {
            MqttException refused = new MqttException("the broker refused the message on '" + o.publish.topic()
                    + "': reason code 0x" + Integer.toHexString(a.reasonCode()) + reason.map(s -> " (" + s + ")").orElse(""),
                    a.reasonCode(), null);
            completion = () -> o.future.completeExceptionally(refused);
        } else {
            PublishResult result = new PublishResult(io.iotls.mqtt.Qos.of(o.publish.qos()), a.reasonCode(), reason);
            completion = () -> o.future.complete(result);
        }
        outgoing.drain(connection);
        return completion;
    }

    /**
     * QoS 2 with a store: PUBREL goes out only once the release is on disk, so a restart never sends the PUBLISH of a
     * message the broker already has (under a new packet id it would be a second message). The file work runs on the
     * store thread, not on the I/O thread that read the PUBREC. If the connection changed meanwhile, the next session
     * sends PUBREL for every released message anyway. Session task.
     */
    private void releaseWhenRecorded(Outgoing o, Connection on) {
        int packetId = o.packetId;
        storeWork.markReleasedThen(o.seq, packetId, () -> session.post(() -> {
            try {
                if (connection == on && on.isOpen() && outgoing.inflight(packetId) == o) {
                    write(new MqttPacket.Ack(PacketType.PUBREL, packetId, 0, Properties.NONE));
                }
            } catch (IOException e) {
                connectionFailed(e);
            }
        }));
    }

    /** The release record of a message that is to be sent again as new goes, so a restart does not take it as released. */
    private void unrecordRelease(Outgoing o) {
        if (store != null && o.seq >= 0) storeWork.clearReleased(o.seq);
    }

    /**
     * The acknowledgement must be the one the message's QoS calls for (MQTT 4.3): PUBACK for QoS 1; PUBREC, then PUBCOMP
     * after our PUBREL, for QoS 2. Anything else is a protocol error, never a success.
     */
    private static void checkAckFits(MqttPacket.Ack a, Outgoing o) throws MalformedPacketException {
        int qos = o.publish.qos();
        boolean fits = switch (a.type()) {
            case PUBACK -> qos == 1;
            case PUBREC -> qos == 2; // again after PUBREL: answered with PUBREL again
            case PUBCOMP -> qos == 2 && o.released;
            default -> false;
        };
        if (!fits) {
            throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "the broker answered a QoS " + qos + " PUBLISH (id "
                    + a.packetId() + (o.released ? ", PUBREL sent" : "") + ") with " + a.type());
        }
    }

    private void completeAck(int packetId, MqttPacket packet) throws IOException {
        Requests.Request r = session.call(() -> requests.answered(packetId));
        if (r != null) r.future().complete(packet);
    }

    // ---------------------------------------------------------------- writing, losing, closing

    /** Session task. */
    private void write(MqttPacket packet) throws IOException {
        if (connection == null || !connection.isOpen()) throw new MqttException("not connected");
        connection.write(codec.encode(packet));
    }

    /** Session task: the connection failed under a write; its loss is handled at once, as part of this task. */
    private void connectionFailed(IOException e) {
        if (connection != null) connection.fail(e);
    }

    /** A connection ended: handled as a session task; the futures it fails are completed outside the session. */
    private void lost(Connection which, Throwable cause) {
        Runnable failures;
        try {
            failures = session.call(() -> lostInSession(which, cause));
        } catch (IOException impossible) { // the task writes nothing
            throw new IllegalStateException(impossible);
        }
        // a loss found by a write inside a task (connectionFailed) is handled as part of it: its futures complete after it
        if (failures != null) session.outside(failures);
    }

    /** Session task: returns how the futures the loss ends are completed, or null if {@code which} was not current. */
    private Runnable lostInSession(Connection which, Throwable cause) {
        if (connection != which) return null;
        connection = null;
        Optional<Duration> reconnectIn = lifecycle.lost(System.nanoTime());
        if (manualAcks != null) manualAcks.connectionEnded().forEach(receivedQos2::forgetUnacknowledged); // delivered again when re-sent
        List<CompletableFuture<MqttPacket>> acks = requests.connectionLost(reconnectIn.isPresent());
        List<Outgoing> unsent = reconnectIn.isPresent() ? List.of() : outgoing.takeUnsentQos0();
        ConnectionEnded ended = ConnectionEnded.of(cause);
        var event = new io.iotls.mqtt.MqttLifecycleListener.Disconnected(ended.reason(), ended.reasonCode(),
                ended.reasonString(), Optional.of(cause), reconnectIn.isPresent());
        options.lifecycleListener().ifPresent(l -> events.post(() -> l.disconnected(event)));
        LOG.info("connection to {} lost: {}", options.serverUri(), cause.toString());
        reconnectIn.ifPresent(this::announceReconnect);
        return () -> {
            MqttException why = new MqttException("connection lost: " + cause.getMessage(), -1, cause);
            acks.forEach(f -> f.completeExceptionally(why));
            MqttException notSent = new MqttException("QoS 0 message not sent: the connection was lost before it went out"
                    + " and no reconnect follows", -1, cause);
            unsent.forEach(o -> o.future.completeExceptionally(notSent));
        };
    }

    /**
     * Sends DISCONNECT and closes; buffered and in-flight messages stay for a later connect(). A network that takes
     * nothing cannot hold this up: after {@link #STUCK_WRITE_MILLIS} the connection is closed without its DISCONNECT.
     */
    public void disconnect() throws IOException {
        endConnection(io.iotls.mqtt.DisconnectReason.CLIENT_DISCONNECT);
    }

    /** What ending the connection leaves to do outside the session. */
    private record Ended(Connection connection, List<CompletableFuture<MqttPacket>> acks, List<Outgoing> unsent) {}

    private void endConnection(io.iotls.mqtt.DisconnectReason reason) throws IOException {
        Ended ended = callGivingUpStuckWrite(() -> {
            Connection c = connection;
            connection = null; // publishes from now on wait for a later connect()
            if (reason == io.iotls.mqtt.DisconnectReason.CLIENT_CLOSED) lifecycle.closed();
            else lifecycle.disconnected(); // a scheduled or running reconnect ends too
            List<CompletableFuture<MqttPacket>> acks = requests.takeAll();
            List<Outgoing> unsent = outgoing.takeUnsentQos0();
            if (c != null) {
                var event = new io.iotls.mqtt.MqttLifecycleListener.Disconnected(reason, Optional.empty(), Optional.empty(),
                        Optional.empty(), false);
                options.lifecycleListener().ifPresent(l -> events.post(() -> l.disconnected(event)));
            }
            return new Ended(c, acks, unsent);
        });
        Connection c = ended.connection();
        MqttException why = reason == io.iotls.mqtt.DisconnectReason.CLIENT_CLOSED ? new MqttException("the client was closed")
                : new MqttException("disconnect() was called before the broker answered");
        ended.acks().forEach(f -> f.completeExceptionally(why));
        ended.unsent().forEach(o -> o.future.completeExceptionally(why));
        if (c == null) return;
        c.disconnecting();
        // a blocking write may wait forever for a network that takes nothing; writes of the I/O thread's connections never wait
        var giveUp = c.writesNeverWait() ? null : SharedScheduler.TIMERS.schedule(() -> Thread.ofVirtual().start(c::close), STUCK_WRITE_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS); // never blocks the shared scheduler
        try {
            c.queueLast(codec.encode(new MqttPacket.Disconnect(0, Properties.NONE)));
            c.drainNow();
        } finally {
            if (giveUp != null) giveUp.cancel(false);
            c.close();
        }
    }

    /**
     * Runs {@code task} in the session. A publisher's task blocked in a write to a network that takes nothing holds the
     * session up; if {@code task} has not run within {@link #STUCK_WRITE_MILLIS}, the connection is closed under that
     * write, which then fails and lets the session go on.
     */
    private <T> T callGivingUpStuckWrite(SessionExecutor.Task<T> task) throws IOException {
        CompletableFuture<T> result = session.submit(task);
        try {
            return session.await(result, Duration.ofMillis(STUCK_WRITE_MILLIS));
        } catch (java.util.concurrent.TimeoutException e) {
            Connection stuck = connection;
            if (stuck != null) {
                stuck.fail(new MqttException("the connection was closed while a write was blocked for "
                        + STUCK_WRITE_MILLIS + " ms: the network or the broker takes nothing"));
            }
            return session.await(result);
        }
    }

    /** Disconnects, ends any reconnect, and fails everything still waiting. */
    public void close() throws IOException {
        callGivingUpStuckWrite(() -> {
            closed = true;
            lifecycle.closed();
            return null;
        });
        endConnection(io.iotls.mqtt.DisconnectReason.CLIENT_CLOSED);
        List<Outgoing> waiting = session.call(outgoing::takeAll);
        MqttException why = new MqttException(store == null ? "the client was closed before the broker acknowledged the message"
                : "the client was closed; QoS 1/2 messages stay stored and are sent by the next client with this id");
        waiting.forEach(o -> o.future.completeExceptionally(why));
        if (store != null) { // the store's last deletes and release records, before the process may end
            try {
                if (!storeWork.awaitIdle(Duration.ofSeconds(5))) LOG.warn("the message store of '{}' did not finish its file work within 5 s", clientId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public int inflightCount() {
        try {
            return session.call(outgoing::size);
        } catch (IOException impossible) { // the task writes nothing
            throw new IllegalStateException(impossible);
        }
    }
}
