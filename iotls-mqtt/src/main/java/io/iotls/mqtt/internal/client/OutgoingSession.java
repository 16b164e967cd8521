package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttException;
import io.iotls.mqtt.PublishResult;
import io.iotls.mqtt.Qos;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.Properties;
import io.iotls.mqtt.internal.codec.Property;
import io.iotls.mqtt.internal.codec.ReasonCodes;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The session's outgoing publishes: those waiting to be sent (the offline buffer, and what the in-flight window holds
 * back) and those in flight by packet identifier, kept across reconnects; plus what a connection lends them: the
 * broker's window and packet size, and the topic aliases taught on it.
 *
 * <p>Not thread-safe: {@link ClientEngine} calls it from its session tasks only.
 */
final class OutgoingSession {
    /** A publish on its way: waiting in the buffer, or sent and waiting for PUBACK / PUBREC / PUBCOMP. */
    static final class Outgoing {
        MqttPacket.Publish publish;
        final CompletableFuture<PublishResult> future = new CompletableFuture<>();
        long seq = -1; // in the message store, if persisted
        int packetId;
        boolean released; // QoS 2: PUBREC came, PUBREL sent
        boolean restored; // read back from the store: an earlier process may have sent it

        Outgoing(MqttPacket.Publish publish) {
            this.publish = publish;
        }
    }

    private final PacketCodec codec;
    private final PacketIds packetIds;
    private final MqttClientOptions options;
    /** Called for a message that needs no more work: its store entry goes. */
    private final Consumer<Outgoing> forget;
    private final ArrayDeque<Outgoing> pending = new ArrayDeque<>();
    private final LinkedHashMap<Integer, Outgoing> inflight = new LinkedHashMap<>();
    private final java.util.Map<String, Integer> aliases = new java.util.HashMap<>(); // per connection
    private int window;
    private long brokerMaxPacketSize = Integer.MAX_VALUE;
    private int topicAliasMaximum;
    /** The broker had our session at the last CONNACK: restored messages that may have been sent go out with DUP. */
    private boolean sessionPresent;

    OutgoingSession(MqttClientOptions options, PacketCodec codec, PacketIds packetIds, Consumer<Outgoing> forget) {
        this.options = options;
        this.codec = codec;
        this.packetIds = packetIds;
        this.forget = forget;
        this.window = options.maxInflight();
    }

    /** A message an earlier process left in the store: released ones owe PUBREL, the rest are sent again. */
    void restore(MessageStore.Stored stored) throws MqttException {
        Outgoing o = new Outgoing(stored.publish().withPacketId(0));
        o.seq = stored.seq();
        o.restored = true;
        int id = stored.releasedPacketId() > 0 ? stored.releasedPacketId() : stored.publish().packetId();
        o.packetId = packetIds.hold(id) ? id : packetIds.take(); // a store of an older version kept no id
        if (stored.releasedPacketId() > 0) {
            o.released = true;
            inflight.put(o.packetId, o);
        } else {
            pending.addLast(o);
        }
    }

    /** A new connection: its limits, no aliases yet. */
    void connected(ConnectHandshake.Granted granted) {
        window = granted.inflightWindow();
        brokerMaxPacketSize = granted.maximumPacketSize();
        topicAliasMaximum = granted.topicAliasMaximum();
        sessionPresent = granted.ack().sessionPresent();
        aliases.clear();
    }

    int window() {
        return window;
    }

    long brokerMaxPacketSize() {
        return brokerMaxPacketSize;
    }

    /** Everything sent and unacknowledged, in the order it was sent (for the next connection to send again). */
    List<Outgoing> inflight() {
        return List.copyOf(inflight.values());
    }

    Outgoing inflight(int packetId) {
        return inflight.get(packetId);
    }

    /** The message's exchange is over: it leaves the table, and its identifier is free. */
    void completed(Outgoing o) {
        inflight.remove(o.packetId);
        forget.accept(o);
        packetIds.release(o.packetId);
    }

    /**
     * Buffers {@code o} to be sent. A full buffer fails the newest or drops the oldest, as the options say.
     * @return the failure of {@code o} itself, or null if it is buffered
     */
    MqttException add(Outgoing o) {
        if (pending.size() >= options.offlineBufferCapacity()) {
            MqttException full = new MqttException("the buffer for unsent messages is full (" + options.offlineBufferCapacity()
                    + "): the broker is unreachable or slower than the publisher");
            if (options.offlineBufferPolicy() == MqttClientOptions.OfflineBufferPolicy.FAIL_NEW) {
                dropped(o);
                return full;
            }
            Outgoing oldest = pending.pollFirst();
            dropped(oldest);
            oldest.future.completeExceptionally(full);
        }
        pending.addLast(o);
        return null;
    }

    /** A message that will not be sent: out of the store, its identifier free. */
    void dropped(Outgoing o) {
        forget.accept(o);
        packetIds.release(o.packetId);
    }

    /** Sends buffered publishes on {@code c} while the window allows. */
    void drain(Connection c) throws IOException {
        while (c != null && c.isOpen() && !pending.isEmpty()) {
            Outgoing o = pending.peekFirst();
            if (o.publish.qos() > 0 && inflight.size() >= window) return;
            pending.pollFirst();
            int id = o.publish.qos() == 0 ? 0 : o.packetId;
            int newAlias = newAlias(o.publish.topic());
            MqttPacket.Publish wire = aliased(id == 0 ? o.publish : o.restored && sessionPresent
                    ? o.publish.withPacketId(id).withDup() : o.publish.withPacketId(id), newAlias);
            // a record's worth of payload or more is not copied into the packet: head and payload go out one after the other
            byte[] payload = wire.payload().length >= Outbox.BATCH_BYTES ? wire.payload() : null;
            byte[] bytes;
            try {
                bytes = payload == null ? codec.encode(wire) : codec.encodeHead(wire);
            } catch (IllegalArgumentException e) { // a string the message's own checks let through: this message fails, not the rest
                o.future.completeExceptionally(new MqttException("message on '" + o.publish.topic() + "' not sent: " + e.getMessage(), -1, e));
                dropped(o);
                continue;
            }
            long size = bytes.length + (payload == null ? 0L : payload.length);
            if (size > brokerMaxPacketSize) { // MQTT 5 3.1.2.25: the broker would disconnect us
                o.future.completeExceptionally(new MqttException("message of " + size + " bytes on '" + o.publish.topic()
                        + "' exceeds the broker's Maximum Packet Size of " + brokerMaxPacketSize, ReasonCodes.PACKET_TOO_LARGE, null));
                dropped(o);
                continue; // its alias was not recorded: the broker never saw it
            }
            if (newAlias > 0) aliases.put(o.publish.topic(), newAlias); // the packet that teaches it goes out next
            if (id == 0) {
                try {
                    c.write(bytes, payload, !inflight.isEmpty());
                } catch (IOException e) { // QoS 0 is not kept for a later connection: say it was not sent
                    o.future.completeExceptionally(e);
                    throw e;
                }
                o.future.complete(new PublishResult(Qos.AT_MOST_ONCE, 0, Optional.empty()));
            } else {
                inflight.put(id, o);
                c.write(bytes, payload, inflight.size() > 1);
            }
        }
    }

    /**
     * The alias a first PUBLISH on {@code topic} would teach the broker, or 0 (known already, none left, none allowed).
     * It is recorded only once that packet is written: a message refused before (too big, a bad string) teaches nothing.
     */
    private int newAlias(String topic) {
        if (topicAliasMaximum == 0 || aliases.containsKey(topic) || aliases.size() >= topicAliasMaximum) return 0;
        return aliases.size() + 1;
    }

    /**
     * MQTT 5 3.3.2.3.4: the first PUBLISH on a topic carries topic and alias, later ones an empty topic and the alias.
     * Aliases live per connection; retransmissions after a reconnect use full topics.
     */
    private MqttPacket.Publish aliased(MqttPacket.Publish p, int newAlias) {
        Integer known = aliases.get(p.topic());
        int alias = known != null ? known : newAlias;
        if (alias == 0) return p;
        Properties props = p.properties().toBuilder().integer(Property.TOPIC_ALIAS, alias).build();
        return new MqttPacket.Publish(known != null ? "" : p.topic(), p.payload(), p.qos(), p.retain(), p.dup(), p.packetId(), props);
    }

    /**
     * With no connection and none to come, buffered QoS 0 messages (at most once: not kept for a later session) are
     * taken out, for their futures to fail. QoS 1/2 messages stay: the next {@code connect()} sends them.
     */
    List<Outgoing> takeUnsentQos0() {
        List<Outgoing> out = new ArrayList<>();
        pending.removeIf(o -> o.publish.qos() == 0 && out.add(o));
        return out;
    }

    /** Everything, in flight and buffered, taken out (the client closes). */
    List<Outgoing> takeAll() {
        List<Outgoing> all = new ArrayList<>(inflight.values());
        all.addAll(pending);
        inflight.clear();
        pending.clear();
        return all;
    }

    /** In flight and buffered. */
    int size() {
        return inflight.size() + pending.size();
    }

    boolean isEmpty() {
        return inflight.isEmpty() && pending.isEmpty();
    }
}
