package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.mqtt.internal.codec.FrameReader;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.Properties;
import io.iotls.mqtt.internal.codec.Property;
import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.TcpProxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** MQTT 5 properties and options, topic aliases, keep-alive, virtual threads. */
class MqttFeaturesTest {
    private static MqttClient client(MosquittoBroker broker, java.util.function.UnaryOperator<MqttClientOptions.Builder> more) throws Exception {
        return MqttClient.create(more.apply(MqttClientOptions.builder("mqtt://127.0.0.1:" + broker.port())).build());
    }

    private static void await(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(20);
    }

    @Test
    void mqtt5PublishPropertiesArriveAsSent() throws Exception {
        try (var broker = MosquittoBroker.builder().start();
             MqttClient sub = client(broker, b -> b); MqttClient pub = client(broker, b -> b)) {
            sub.connect();
            pub.connect();
            CompletableFuture<MqttMessage> got = new CompletableFuture<>();
            sub.subscribe("props/#", Qos.AT_LEAST_ONCE, got::complete);
            MessageProperties props = MessageProperties.builder().messageExpiry(Duration.ofSeconds(60)).contentType("application/json")
                    .payloadIsUtf8(true).responseTopic("props/reply").correlationData(new byte[] {7, 7}).userProperty("line", "7")
                    .userProperty("line", "8").build();
            pub.publish(new MqttMessage("props/x", "{\"t\":21.5}".getBytes(), Qos.AT_LEAST_ONCE, false, props));
            MessageProperties p = got.get(5, TimeUnit.SECONDS).properties();
            assertThat(p.contentType()).contains("application/json");
            assertThat(p.payloadIsUtf8()).isTrue();
            assertThat(p.responseTopic()).contains("props/reply");
            assertThat(p.correlationData()).hasValueSatisfying(d -> assertThat(d).containsExactly(7, 7));
            assertThat(p.userProperties()).containsExactly(Map.entry("line", "7"), Map.entry("line", "8"));
            assertThat(p.messageExpiry()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
        }
    }

    @Test
    void closeAfterTheBrokerResetTheConnectionDoesNotThrow() throws Exception {
        java.util.concurrent.CountDownLatch inHandler = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PacketCodec codec = new PacketCodec(MqttVersion.V5);
            CompletableFuture<Void> brokerReset = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    FrameReader in = new FrameReader(s.getInputStream(), 1 << 20);
                    codec.decode(in.read()); // CONNECT
                    s.getOutputStream().write(codec.encode(new MqttPacket.ConnAck(false, 0, Properties.NONE)));
                    MqttPacket.Subscribe sub = (MqttPacket.Subscribe) codec.decode(in.read());
                    s.getOutputStream().write(codec.encode(new MqttPacket.SubAck(sub.packetId(), List.of(0), Properties.NONE)));
                    s.getOutputStream().write(codec.encode(new MqttPacket.Publish("t", new byte[] {1}, 0, false, false, 0, Properties.NONE)));
                    if (!inHandler.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the handler never ran");
                    s.setSoLinger(true, 0); // closed with a reset, while the client's I/O thread is held by its handler
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            MqttClient c = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + server.getLocalPort())
                    .version(MqttVersion.V5).handlersOnIoThread(true).build());
            try {
                c.connect();
                c.subscribe("t", Qos.AT_MOST_ONCE, m -> {
                    inHandler.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS); // the reader sees nothing while this runs: not the reset either
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                brokerReset.get(10, TimeUnit.SECONDS);
                c.close(); // DISCONNECT meets a reset connection: it is closed either way, nothing to throw
            } finally {
                release.countDown();
                c.close();
            }
        }
    }

    @Test
    void topicAliasReplacesTheTopicAfterItsFirstUse() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PacketCodec codec = new PacketCodec(MqttVersion.V5);
            CompletableFuture<List<MqttPacket.Publish>> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    FrameReader in = new FrameReader(s.getInputStream(), 1 << 20);
                    codec.decode(in.read()); // CONNECT
                    s.getOutputStream().write(codec.encode(new MqttPacket.ConnAck(false, 0,
                            Properties.builder().integer(Property.TOPIC_ALIAS_MAXIMUM, 5).build())));
                    List<MqttPacket.Publish> publishes = new ArrayList<>();
                    for (int i = 0; i < 3; i++) publishes.add((MqttPacket.Publish) codec.decode(in.read()));
                    return publishes;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (MqttClient c = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + server.getLocalPort()).build())) {
                c.connect();
                for (int i = 0; i < 3; i++) c.publish(MqttMessage.of("plant/line-7/temperature", "2" + i, Qos.AT_MOST_ONCE));
                List<MqttPacket.Publish> p = seen.get(5, TimeUnit.SECONDS);
                assertThat(p.get(0).topic()).isEqualTo("plant/line-7/temperature");
                assertThat(p.get(0).properties().integer(Property.TOPIC_ALIAS)).contains(1);
                assertThat(p.get(1).topic()).isEmpty();
                assertThat(p.get(2).topic()).isEmpty();
                assertThat(p.get(2).properties().integer(Property.TOPIC_ALIAS)).contains(1);
            }
        }
    }

    @Test
    void topicAliasesWorkWithMosquitto() throws Exception {
        try (var broker = MosquittoBroker.builder().start(); MqttClient sub = client(broker, b -> b); MqttClient pub = client(broker, b -> b)) {
            sub.connect();
            pub.connect();
            List<String> got = new CopyOnWriteArrayList<>();
            sub.subscribe("alias/#", Qos.AT_LEAST_ONCE, m -> got.add(m.topic() + "=" + m.payloadAsString()));
            for (int i = 0; i < 30; i++) pub.publish(MqttMessage.of("alias/t" + (i % 15), "v" + i, Qos.AT_LEAST_ONCE)); // more topics than aliases
            await(() -> got.size() == 30, 5);
            assertThat(got).hasSize(30).contains("alias/t0=v0", "alias/t0=v15", "alias/t14=v29");
        }
    }

    @Test
    void noLocalSubscriptionDoesNotEchoOurOwnMessages() throws Exception {
        try (var broker = MosquittoBroker.builder().start(); MqttClient a = client(broker, b -> b); MqttClient other = client(broker, b -> b)) {
            a.connect();
            other.connect();
            List<String> got = new CopyOnWriteArrayList<>();
            a.subscribeAsync("chat/#", Qos.AT_LEAST_ONCE, true, false, 0, m -> got.add(m.payloadAsString())).get(5, TimeUnit.SECONDS);
            a.publish(MqttMessage.of("chat/room", "mine", Qos.AT_LEAST_ONCE));
            other.publish(MqttMessage.of("chat/room", "theirs", Qos.AT_LEAST_ONCE));
            await(() -> got.contains("theirs"), 5);
            assertThat(got).containsExactly("theirs");
        }
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        try (var broker = MosquittoBroker.builder().start(); MqttClient c = client(broker, b -> b)) {
            c.connect();
            List<String> got = new CopyOnWriteArrayList<>();
            c.subscribe("u/#", Qos.AT_LEAST_ONCE, m -> got.add(m.payloadAsString()));
            c.publish(MqttMessage.of("u/x", "before", Qos.AT_LEAST_ONCE));
            await(() -> got.contains("before"), 5);
            assertThat(c.unsubscribe("u/#").reasonCodes()).containsExactly(0);
            c.publish(MqttMessage.of("u/x", "after", Qos.AT_LEAST_ONCE));
            c.subscribe("marker", Qos.AT_LEAST_ONCE, m -> got.add("marker"));
            c.publish(MqttMessage.of("marker", "m", Qos.AT_LEAST_ONCE));
            await(() -> got.contains("marker"), 5);
            assertThat(got).containsExactly("before", "marker");
        }
    }

    @Test
    void keepAliveDetectsADeadLinkAndReconnects() throws Exception {
        try (var broker = MosquittoBroker.builder().start();
             var proxy = TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port()));
             MqttClient c = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + proxy.port())
                     .keepAlive(Duration.ofSeconds(1)).autoReconnect(Duration.ofMillis(100), Duration.ofMillis(400)).build())) {
            c.connect();
            proxy.blackhole(true); // no FIN, no RST: only keep-alive can notice
            await(() -> !c.isConnected(), 6);
            assertThat(c.isConnected()).as("dead link detected by keep-alive").isFalse();
            proxy.blackhole(false);
            proxy.cutAll();
            await(c::isConnected, 6);
            assertThat(c.isConnected()).as("reconnected").isTrue();
        }
    }

    @Test
    void clientsUseVirtualThreadsNotPlatformThreads() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            List<MqttClient> clients = new ArrayList<>();
            int before = Thread.activeCount(); // counts platform threads only
            for (int i = 0; i < 50; i++) {
                MqttClient c = client(broker, b -> b);
                c.connect();
                clients.add(c);
            }
            int after = Thread.activeCount();
            assertThat(after - before).as("platform threads added for 50 connected clients").isLessThan(10);
            for (MqttClient c : clients) c.close();
        }
    }

    /**
     * A broker may send messages right behind CONNACK (a resumed session's queue): some arrive with CONNACK in the
     * client's read buffer, more while the connection moves to the I/O thread. All of them arrive, in order.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "shared I/O thread: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void messagesRightBehindConnAckAreAllDelivered(boolean sharedIoThread) throws Exception {
        int n = 2_000;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> broker = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    var in = s.getInputStream();
                    in.read();
                    in.readNBytes(in.read()); // CONNECT is short: one length byte
                    var out = s.getOutputStream();
                    java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
                    first.write(new byte[] {0x20, 0x02, 0x00, 0x00}); // CONNACK, accepted
                    for (int i = 0; i < 10; i++) first.write(publish(i));
                    out.write(first.toByteArray()); // in one segment with CONNACK
                    for (int i = 10; i < n; i++) { // one write each, some while the client moves to the I/O thread
                        out.write(publish(i));
                        if (i % 20 == 0) Thread.sleep(1);
                    }
                    s.setSoTimeout(10_000);
                    in.read(); // held open until the client closes
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (MqttClient c = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + server.getLocalPort())
                    .version(MqttVersion.V3_1_1).sharedIoThread(sharedIoThread).messageQueue(n, MessageQueue.OverflowPolicy.DROP_NEWEST)
                    .keepAlive(Duration.ZERO).build())) {
                c.connect();
                MessageQueue queue = c.messages().orElseThrow();
                for (int i = 0; i < n; i++) {
                    MqttMessage m = queue.poll(Duration.ofSeconds(5));
                    assertThat(m).as("message %d", i).isNotNull();
                    assertThat(m.payloadAsString()).isEqualTo("m" + i);
                }
            }
            broker.get(10, TimeUnit.SECONDS);
        }
    }

    /** QoS 0 PUBLISH of "m" + i on topic "t". */
    private static byte[] publish(int i) {
        byte[] payload = ("m" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] p = new byte[2 + 3 + payload.length];
        p[0] = 0x30;
        p[1] = (byte) (3 + payload.length);
        p[2] = 0;
        p[3] = 1;
        p[4] = 't';
        System.arraycopy(payload, 0, p, 5, payload.length);
        return p;
    }

    @Test
    void aPublisherFasterThanTheNetworkIsHeldBackNotBufferedWithoutLimit() throws Exception {
        try (var broker = MosquittoBroker.builder().start();
             var proxy = TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port()));
             MqttClient c = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + proxy.port()).keepAlive(Duration.ZERO).build())) {
            c.connect();
            proxy.stall(true); // nothing is read any more: socket buffers fill, then our queue
            byte[] payload = new byte[16 * 1024];
            CompletableFuture<Integer> publisher = CompletableFuture.supplyAsync(() -> {
                int sent = 0;
                try {
                    for (; sent < 10_000; sent++) c.publishAsync(MqttMessage.of("flood", payload, Qos.AT_MOST_ONCE, false)).join();
                } catch (RuntimeException e) {
                    return -sent; // failed once the link was cut: the error surfaced, nothing hung
                }
                return sent;
            });
            Thread.sleep(1500);
            assertThat(publisher).as("publish blocks while the network takes nothing").isNotDone();
            proxy.stall(false);
            proxy.cutAll();
            int result = publisher.get(10, TimeUnit.SECONDS);
            assertThat(result).as("publishing stopped with an error after the link was cut").isLessThanOrEqualTo(0);
            assertThat(-result).as("messages accepted before blocking: bounded by the queue, not 10,000").isLessThan(1000);
        }
    }
}
