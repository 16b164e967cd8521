package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The session's subscriptions and the SUBSCRIBE / UNSUBSCRIBE requests on their way: sent and awaiting SUBACK /
 * UNSUBACK by packet identifier, or deferred to the next connection. Subscriptions are kept to be made again when a
 * broker comes back without the session, and to find the handlers of a received message.
 *
 * <p>Not thread-safe: {@link ClientEngine} calls it from its session tasks only.
 */
final class Requests {
    /** A subscription as the application made it. */
    record Subscription(MqttPacket.Subscription request, Consumer<MqttMessage> handler) {}

    /** What to send (given its packet identifier), and the future its answer completes. */
    record Request(IntFunction<MqttPacket> packet, CompletableFuture<MqttPacket> future) {}

    private final PacketIds packetIds;
    private final Map<Integer, Request> awaitingAnswer = new HashMap<>();
    private final List<Request> deferred = new ArrayList<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    Requests(PacketIds packetIds) {
        this.packetIds = packetIds;
    }

    /** Takes an identifier for {@code r}, and returns the packet to write. */
    MqttPacket sent(Request r) throws io.iotls.mqtt.MqttException {
        int id = packetIds.take();
        awaitingAnswer.put(id, r);
        return r.packet().apply(id);
    }

    /** To be sent once a connection is there. */
    void defer(Request r) {
        deferred.add(r);
    }

    /** The deferred requests, taken out to be sent on the new connection. */
    List<Request> takeDeferred() {
        List<Request> out = List.copyOf(deferred);
        deferred.clear();
        return out;
    }

    /** The answer to packet {@code id} came: its request, if it was waiting (its identifier is free again). */
    Request answered(int id) {
        Request r = awaitingAnswer.remove(id);
        if (r != null) packetIds.release(id);
        return r;
    }

    /** The call timeout struck: false if {@code r} was answered meanwhile. */
    boolean timedOut(Request r) {
        if (deferred.remove(r)) return true;
        var sent = awaitingAnswer.entrySet().stream().filter(e -> e.getValue() == r).findFirst();
        if (sent.isEmpty()) return false;
        awaitingAnswer.remove(sent.get().getKey());
        packetIds.release(sent.get().getKey());
        return true;
    }

    /**
     * The connection was lost before these answers came: with a reconnect ahead they are sent again there (under new
     * identifiers); without one, their futures are returned, to fail.
     */
    List<CompletableFuture<MqttPacket>> connectionLost(boolean reconnecting) {
        List<CompletableFuture<MqttPacket>> failing = new ArrayList<>();
        for (var sent : awaitingAnswer.entrySet()) {
            packetIds.release(sent.getKey());
            if (reconnecting) deferred.add(sent.getValue());
            else failing.add(sent.getValue().future());
        }
        awaitingAnswer.clear();
        return failing;
    }

    /** Disconnect or close: every request still waiting, taken out, for its future to fail. */
    List<CompletableFuture<MqttPacket>> takeAll() {
        List<CompletableFuture<MqttPacket>> all = new ArrayList<>();
        awaitingAnswer.values().forEach(r -> all.add(r.future()));
        deferred.forEach(r -> all.add(r.future()));
        awaitingAnswer.keySet().forEach(packetIds::release);
        awaitingAnswer.clear();
        deferred.clear();
        return all;
    }

    void subscribed(MqttPacket.Subscription request, Consumer<MqttMessage> handler) {
        subscriptions.put(request.filter(), new Subscription(request, handler));
    }

    void unsubscribed(String filter) {
        subscriptions.remove(filter);
    }

    /** Every subscription made, for a broker that lost them. */
    List<MqttPacket.Subscription> all() {
        return subscriptions.values().stream().map(Subscription::request).toList();
    }

    /** The subscriptions whose filter matches {@code topic}. */
    List<Subscription> matching(String topic) {
        List<Subscription> out = new ArrayList<>();
        for (Subscription s : subscriptions.values()) if (Topics.matches(s.request().filter(), topic)) out.add(s);
        return out;
    }
}
