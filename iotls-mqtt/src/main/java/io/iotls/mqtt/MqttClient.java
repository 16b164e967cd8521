package io.iotls.mqtt;

import io.iotls.mqtt.internal.client.ClientEngine;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.Topics;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeTrace;
import io.iotls.transport.TlsConnection;
import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * An MQTT 3.1.1/5 client over TCP or the iotls TLS transport. Thread-safe; every operation has a blocking and a
 * {@link CompletableFuture} form. Connections, TLS and plain TCP, are read by I/O threads shared by all clients (one
 * per two cores). A virtual writer runs while packets are queued (it coalesces them into one TLS record);
 * one keep-alive scheduler serves all clients.
 * <pre>{@code
 * MqttClient client = MqttClient.create(MqttClientOptions.builder("mqtts://broker.plant:8883")
 *         .tls(TlsOptions.builder().caFile(Path.of("ca.crt")).build()).build());
 * client.connect();
 * client.subscribe("plant/+/temperature", Qos.AT_LEAST_ONCE, m -> System.out.println(m.payloadAsString()));
 * client.publish(MqttMessage.of("plant/line-7/temperature", "21.5", Qos.AT_LEAST_ONCE));
 * client.close();
 * }</pre>
 * At most one connection and one connection attempt exist at a time ({@link #state()}); with
 * {@link MqttClientOptions.Builder#autoReconnect} one timer drives the reconnects, and a connection that ends soon after
 * CONNACK backs off like a refused one. Every call ends: without a connection (and none being made) calls fail at once
 * with {@link MqttNotConnectedException}; blocking calls wait at most {@link MqttClientOptions#callTimeout()};
 * {@link #close()} fails every future still open. At most {@link MqttClientOptions#maxInflight()} QoS 1/2 publishes
 * await acknowledgement; the rest wait in the offline buffer.
 * <p>
 * Handlers run in arrival order on a virtual thread of this client (not on the shared I/O thread, unless
 * {@link MqttClientOptions.Builder#handlersOnIoThread} says they never block): they may block, and may publish and wait
 * for the acknowledgement. A client whose handlers fall far behind stops reading until they catch up. Callbacks chained
 * to the returned futures run where the future completes, often on the shared I/O thread: keep them short, or use the
 * {@code ...Async} variants with an executor. The blocking calls of this class fail with {@link IllegalStateException}
 * on the shared I/O thread, where they would wait forever for an answer only that thread can read.
 */
public final class MqttClient implements Closeable {
    private final MqttClientOptions options;
    private final ClientEngine engine;

    private MqttClient(MqttClientOptions options, ClientEngine engine) {
        this.options = options;
        this.engine = engine;
    }

    /**
     * Loads the TLS files now (a bad key or password fails here as a {@link HandshakeException} at step Setup) and,
     * with persistence, the messages an earlier process left unacknowledged.
     */
    public static MqttClient create(MqttClientOptions options) throws IOException {
        return new MqttClient(options, new ClientEngine(options));
    }

    public MqttClientOptions options() {
        return options;
    }

    /**
     * Connects and waits for CONNACK. A refusal throws {@link MqttConnectException} with the broker's code; a TLS failure
     * throws the transport's {@link HandshakeException} unchanged.
     */
    public ConnAck connect() throws IOException {
        refuseOnIoThread("connect");
        return engine.connect();
    }

    public CompletableFuture<ConnAck> connectAsync() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return engine.connect();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    /** The client identifier sent in CONNECT (generated once per client when the options leave it empty). */
    public String clientId() {
        return engine.clientId();
    }

    public boolean isConnected() {
        return engine.isConnected();
    }

    /** Where the client is in its life: connected, connecting, reconnecting, disconnected or closed. */
    public ClientState state() {
        return engine.state();
    }

    /** Connections this client has made so far (each accepted CONNACK counts one). */
    public int connections() {
        return engine.connections();
    }

    /** The TLS handshake of the latest connection, in the seed's steps; empty over plain TCP. */
    /**
     * Reads the TLS files (certificate, key, CA files, CRLs) again now; the next connection uses them (changed files
     * are also picked up by themselves at each connection). A renewed certificate thus reaches the broker at the next
     * reconnect without losing the MQTT session. Throws if the new files do not load; the old ones stay in use.
     */
    public void reloadTls() throws io.iotls.transport.HandshakeException {
        engine.reloadTls();
    }

    public Optional<HandshakeTrace> handshakeTrace() {
        return engine.lastHandshakeTrace();
    }

    /** Completes when the message is written (QoS 0), acknowledged (QoS 1) or complete (QoS 2). */
    public CompletableFuture<PublishResult> publishAsync(MqttMessage message) {
        return engine.publish(message);
    }

    /**
     * Publishes {@code payload} on {@code topic} without building an {@link MqttMessage} first, so without its copy of
     * the payload. The bytes are read before this method returns (encoded into the packet, or copied if the message has
     * to wait or be kept for a retransmission): the caller may reuse the array at once. For streams of large payloads.
     */
    public CompletableFuture<PublishResult> publishAsync(String topic, byte[] payload, Qos qos, boolean retain) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Topics.checkTopicName(topic, false);
        return engine.publishBorrowed(topic, payload, qos, retain);
    }

    public PublishResult publish(MqttMessage message) throws IOException, InterruptedException {
        refuseOnIoThread("publish");
        return await(engine.publish(message), "publish", "the broker's acknowledgement; the message stays in the session and may still be delivered");
    }

    /** Subscribes; matching messages go to {@code handler}. */
    public SubscribeResult subscribe(String filter, Qos qos, Consumer<MqttMessage> handler) throws IOException, InterruptedException {
        refuseOnIoThread("subscribe");
        return await(subscribeAsync(filter, qos, handler), "subscribe", "SUBACK");
    }

    /** Subscribes; matching messages go to the {@link #messages()} queue (configure it in the options). */
    public SubscribeResult subscribe(String filter, Qos qos) throws IOException, InterruptedException {
        if (engine.queue().isEmpty()) throw new IllegalStateException("no message queue configured: give a handler or MqttClientOptions.messageQueue(...)");
        refuseOnIoThread("subscribe");
        return await(subscribeAsync(filter, qos, null), "subscribe", "SUBACK");
    }

    public CompletableFuture<SubscribeResult> subscribeAsync(String filter, Qos qos, Consumer<MqttMessage> handler) {
        return engine.subscribe(new MqttPacket.Subscription(filter, qos.code(), false, false, 0), handler);
    }

    /** MQTT 5 subscription options: no-local, retain-as-published, retain handling (0 send, 1 send if new, 2 never). */
    public CompletableFuture<SubscribeResult> subscribeAsync(String filter, Qos qos, boolean noLocal, boolean retainAsPublished,
                                                            int retainHandling, Consumer<MqttMessage> handler) {
        return engine.subscribe(new MqttPacket.Subscription(filter, qos.code(), noLocal, retainAsPublished, retainHandling), handler);
    }

    public SubscribeResult unsubscribe(String filter) throws IOException, InterruptedException {
        refuseOnIoThread("unsubscribe");
        return await(engine.unsubscribe(filter), "unsubscribe", "UNSUBACK");
    }

    /** Completes on UNSUBACK (MQTT 5: with a reason code per filter; 3.1.1: an empty list). */
    public CompletableFuture<SubscribeResult> unsubscribeAsync(String filter) {
        return engine.unsubscribe(filter);
    }

    /**
     * With {@link MqttClientOptions.Builder#manualAcknowledgement}: the application is done with {@code message} (the
     * object its handler or {@link #messages()} gave it), and its PUBACK / PUBREC may go out, after those of the
     * messages that came before it. Never blocks.
     * @return false if it was not awaiting acknowledgement (acknowledged before, or its connection ended: the broker
     *         sends it again)
     * @throws IllegalStateException without manual acknowledgement
     */
    public boolean acknowledge(MqttMessage message) {
        return engine.acknowledge(Objects.requireNonNull(message, "message"));
    }

    /** The queue of received messages, if configured with {@link MqttClientOptions.Builder#messageQueue}. */
    public Optional<MessageQueue> messages() {
        return engine.queue();
    }

    /** Messages buffered or awaiting acknowledgement. */
    public int unacknowledged() {
        return engine.inflightCount();
    }

    /** Sends DISCONNECT (the will is not published) and closes the connection; the session's messages stay. */
    public void disconnect() throws IOException {
        engine.disconnect();
    }

    /** Disconnects and fails whatever is still waiting. */
    @Override
    public void close() throws IOException {
        engine.close();
    }

    /**
     * A blocking call on a shared I/O thread would wait for a packet that only this thread can read: it would hang every
     * connection the thread serves. It fails at once instead, saying what to do.
     */
    private static void refuseOnIoThread(String call) {
        if (TlsConnection.onIoThread()) {
            throw new IllegalStateException(call + " blocks, and this is iotls' shared I/O thread (a handler run there with"
                    + " handlersOnIoThread, or a callback on a future it completed): it would wait for an answer only this"
                    + " thread can read. Use the ...Async form without waiting for it, or move the work off this thread"
                    + " (for example thenAcceptAsync with an executor).");
        }
    }

    /** Waits at most {@link MqttClientOptions#callTimeout()}: every blocking call ends. */
    private <T> T await(CompletableFuture<T> future, String call, String awaited) throws IOException, InterruptedException {
        try {
            return future.get(options.callTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new MqttException(call + " gave up after " + options.callTimeout().toMillis() + " ms (callTimeout) waiting for "
                    + awaited + "; the client is " + engine.state(), -1, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new MqttException(String.valueOf(e.getCause()), -1, e.getCause());
        }
    }
}
