package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** MQTT rules a broker may break and a client must not, each against a broker played byte by byte. */
class ProtocolRulesTest {
    private static final int PUBCOMP = 0x70;
    private static final int DISCONNECT = 0xE0;

    private static MqttClient client(ScriptedBroker broker, MqttVersion version, MqttLifecycleListener listener) throws Exception {
        return MqttClient.create(MqttClientOptions.builder(broker.uri()).version(version).lifecycleListener(listener)
                .callTimeout(Duration.ofSeconds(5)).build());
    }

    private static MqttClient connected(ScriptedBroker broker, MqttVersion version, int... connack) throws Exception {
        MqttClient c = client(broker, version, new MqttLifecycleListener() {});
        CompletableFuture<ConnAck> connecting = c.connectAsync();
        broker.acceptConnect();
        broker.write(connack);
        connecting.get(5, TimeUnit.SECONDS);
        return c;
    }

    @Test
    void sessionPresentAfterCleanStartEndsTheConnectionWithProtocolError() throws Exception {
        try (var broker = new ScriptedBroker(); MqttClient c = client(broker, MqttVersion.V5, new MqttLifecycleListener() {})) {
            CompletableFuture<ConnAck> connecting = c.connectAsync();
            broker.acceptConnect();
            broker.write(0x20, 0x03, 0x01, 0x00, 0x00); // CONNACK: session present = 1, success, no properties
            assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("session present = 1");
            assertThat(broker.readPacket()).as("DISCONNECT 0x82 protocol error").containsExactly(DISCONNECT, 0x01, 0x82);
            assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
        }
    }

    @Test
    void sessionPresentAfterCleanSessionEndsAn311Connection() throws Exception {
        try (var broker = new ScriptedBroker(); MqttClient c = client(broker, MqttVersion.V3_1_1, new MqttLifecycleListener() {})) {
            CompletableFuture<ConnAck> connecting = c.connectAsync();
            broker.acceptConnect();
            broker.write(0x20, 0x02, 0x01, 0x00);
            assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).hasMessageContaining("MQTT-3.2.2-4");
            assertThat(broker.readPacket()).as("3.1.1 has no DISCONNECT from client for this: the connection just closes").isNull();
        }
    }

    @Test
    void pubrelForAnUnknownPacketIdIsAnsweredPacketIdentifierNotFound() throws Exception {
        try (var broker = new ScriptedBroker(); MqttClient c = connected(broker, MqttVersion.V5, 0x20, 0x03, 0x00, 0x00, 0x00)) {
            broker.write(0x62, 0x02, 0x00, 0x07); // PUBREL for id 7, which we never received
            assertThat(broker.readPacket()).containsExactly(PUBCOMP, 0x03, 0x00, 0x07, 0x92);
        }
    }

    @Test
    void pubcompForAKnownPacketIdIsSuccessIn311() throws Exception {
        try (var broker = new ScriptedBroker(); MqttClient c = connected(broker, MqttVersion.V3_1_1, 0x20, 0x02, 0x00, 0x00)) {
            broker.write(0x62, 0x02, 0x00, 0x07);
            assertThat(broker.readPacket()).as("3.1.1 PUBCOMP carries no reason code").containsExactly(PUBCOMP, 0x02, 0x00, 0x07);
        }
    }

    @Test
    void pubackForAQos2PublishIsAProtocolErrorNotASuccess() throws Exception {
        var events = new ConnectionLifecycleTest.Events();
        try (var broker = new ScriptedBroker(); MqttClient c = client(broker, MqttVersion.V5, events)) {
            CompletableFuture<ConnAck> connecting = c.connectAsync();
            broker.acceptConnect();
            broker.write(0x20, 0x03, 0x00, 0x00, 0x00);
            connecting.get(5, TimeUnit.SECONDS);
            var publish = c.publishAsync(MqttMessage.of("q2", "once", Qos.EXACTLY_ONCE));
            byte[] sent = broker.readPacket();
            int idHigh = sent[2 + 2 + 2] & 0xFF; // fixed header (2), topic length (2), "q2" (2), then the packet id
            int idLow = sent[2 + 2 + 2 + 1] & 0xFF;
            broker.write(0x40, 0x02, idHigh, idLow); // PUBACK: the answer for QoS 1
            assertThat(broker.readPacket()).as("DISCONNECT 0x82 protocol error").containsExactly(DISCONNECT, 0x01, 0x82);
            var ended = events.next(MqttLifecycleListener.Disconnected.class);
            assertThat(ended.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(ended.cause().orElseThrow()).hasMessageContaining("answered a QoS 2 PUBLISH").hasMessageContaining("with PUBACK");
            assertThat(publish).as("the message stays in the session, unconfirmed").isNotDone();
        }
    }

    @Test
    void aQos2MessageTheBrokerLostWithItsSessionBeforePubrelIsSentAgainNotDropped() throws Exception {
        try (var broker = new ScriptedBroker();
             MqttClient c = MqttClient.create(MqttClientOptions.builder(broker.uri()).version(MqttVersion.V3_1_1)
                     .autoReconnect(Duration.ofMillis(10), Duration.ofMillis(50)).build())) {
            CompletableFuture<ConnAck> connecting = c.connectAsync();
            broker.acceptConnect();
            broker.write(0x20, 0x02, 0x00, 0x00);
            connecting.get(5, TimeUnit.SECONDS);
            var publish = c.publishAsync(MqttMessage.of("q2", "once", Qos.EXACTLY_ONCE));
            byte[] first = broker.readPacket();
            broker.write(0x50, 0x02, first[6], first[7]); // PUBREC: the broker has it
            assertThat(broker.readPacket()[0] & 0xFF).as("PUBREL").isEqualTo(0x62);
            broker.dropConnection(); // ... and loses it with its session before it handled our PUBREL
            broker.acceptConnect();
            broker.write(0x20, 0x02, 0x00, 0x00); // session present = 0
            byte[] again = broker.readPacket();
            assertThat(again[0] & 0xF0).as("PUBLISH again, not PUBREL: mosquitto delivers QoS 2 only at PUBREL").isEqualTo(0x30);
            assertThat(new String(again, 4, 2, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("q2");
            broker.write(0x50, 0x02, again[6], again[7]);
            assertThat(broker.readPacket()[0] & 0xFF).isEqualTo(0x62);
            broker.write(0x70, 0x02, again[6], again[7]); // PUBCOMP
            assertThat(publish.get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "QoS {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void aReceivedMessageIsAcknowledgedOnlyAfterItsHandlerReturned(int qos) throws Exception {
        try (var broker = new ScriptedBroker(); MqttClient c = connected(broker, MqttVersion.V5, 0x20, 0x03, 0x00, 0x00, 0x00)) {
            java.util.concurrent.CountDownLatch inHandler = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            var subscribed = c.subscribeAsync("t", Qos.of(qos), m -> {
                inHandler.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // the application is still working on it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            byte[] subscribe = broker.readPacket();
            broker.write(0x90, 0x04, subscribe[2], subscribe[3], 0x00, qos); // SUBACK
            subscribed.get(5, TimeUnit.SECONDS);
            broker.write(0x30 | qos << 1, 0x07, 0x00, 0x01, 't', 0x00, 0x05, 0x00, 'x'); // PUBLISH id 5, no properties
            assertThat(inHandler.await(5, TimeUnit.SECONDS)).as("handler called within 5 s").isTrue();
            assertThat(broker.quietFor(Duration.ofMillis(300))).as("no acknowledgement while the handler runs").isTrue();
            release.countDown();
            assertThat(broker.readPacket()).containsExactly(qos == 1 ? 0x40 : 0x50, 0x02, 0x00, 0x05);
        }
    }

    @Test
    void aReceivedQos2MessageIsNotDeliveredAgainByTheNextProcessOnTheSameStore() throws Exception {
        java.nio.file.Path store = io.iotls.testkit.TempFiles.directory("q2in-store");
        java.util.concurrent.atomic.AtomicInteger deliveries = new java.util.concurrent.atomic.AtomicInteger();
        try (var broker = new ScriptedBroker()) {
            MqttClientOptions options = MqttClientOptions.builder(broker.uri()).version(MqttVersion.V5).clientId("plc-q2").persistence(store)
                    .cleanStart(false).sessionExpiry(Duration.ofHours(1)).build();
            try (MqttClient first = MqttClient.create(options)) {
                CompletableFuture<ConnAck> connecting = first.connectAsync();
                broker.acceptConnect();
                broker.write(0x20, 0x03, 0x00, 0x00, 0x00);
                connecting.get(5, TimeUnit.SECONDS);
                var subscribed = first.subscribeAsync("t", Qos.EXACTLY_ONCE, m -> deliveries.incrementAndGet());
                byte[] subscribe = broker.readPacket();
                broker.write(0x90, 0x04, subscribe[2], subscribe[3], 0x00, 0x02);
                subscribed.get(5, TimeUnit.SECONDS);
                broker.write(0x34, 0x07, 0x00, 0x01, 't', 0x00, 0x09, 0x00, 'x'); // QoS 2 PUBLISH id 9
                assertThat(broker.readPacket()).as("PUBREC 9").containsExactly(0x50, 0x02, 0x00, 0x09);
                broker.dropConnection(); // the PUBREL never reaches this process, which then ends
            }
            assertThat(deliveries).hasValue(1);
            try (MqttClient second = MqttClient.create(options)) { // the next process, same client id and store
                CompletableFuture<ConnAck> connecting = second.connectAsync();
                broker.acceptConnect();
                broker.write(0x20, 0x03, 0x01, 0x00, 0x00); // session present: the broker still owes us message 9
                connecting.get(5, TimeUnit.SECONDS);
                var resubscribed = second.subscribeAsync("t", Qos.EXACTLY_ONCE, m -> deliveries.incrementAndGet());
                byte[] subscribe = broker.readPacket();
                broker.write(0x90, 0x04, subscribe[2], subscribe[3], 0x00, 0x02);
                resubscribed.get(5, TimeUnit.SECONDS);
                broker.write(0x3C, 0x07, 0x00, 0x01, 't', 0x00, 0x09, 0x00, 'x'); // the same PUBLISH again, DUP
                assertThat(broker.readPacket()).as("PUBREC 9 again, at once").containsExactly(0x50, 0x02, 0x00, 0x09);
                broker.write(0x62, 0x02, 0x00, 0x09); // PUBREL 9
                assertThat(broker.readPacket()).as("PUBCOMP 9, success: the id is known").containsExactly(0x70, 0x02, 0x00, 0x09);
            }
            assertThat(deliveries).as("delivered once, across two processes").hasValue(1);
        }
    }

    @Test
    void manualAcknowledgementsGoOutWhenTheApplicationSaysAndInArrivalOrder() throws Exception {
        try (var broker = new ScriptedBroker();
             MqttClient c = MqttClient.create(MqttClientOptions.builder(broker.uri()).version(MqttVersion.V5)
                     .manualAcknowledgement(true).build())) {
            CompletableFuture<ConnAck> connecting = c.connectAsync();
            broker.acceptConnect();
            broker.write(0x20, 0x03, 0x00, 0x00, 0x00);
            connecting.get(5, TimeUnit.SECONDS);
            java.util.concurrent.BlockingQueue<MqttMessage> received = new java.util.concurrent.LinkedBlockingQueue<>();
            var subscribed = c.subscribeAsync("t", Qos.AT_LEAST_ONCE, received::add);
            byte[] subscribe = broker.readPacket();
            broker.write(0x90, 0x04, subscribe[2], subscribe[3], 0x00, 0x01);
            subscribed.get(5, TimeUnit.SECONDS);
            broker.write(0x32, 0x07, 0x00, 0x01, 't', 0x00, 0x05, 0x00, 'a'); // QoS 1, id 5
            broker.write(0x32, 0x07, 0x00, 0x01, 't', 0x00, 0x06, 0x00, 'b'); // QoS 1, id 6
            MqttMessage a = received.poll(5, TimeUnit.SECONDS);
            MqttMessage b = received.poll(5, TimeUnit.SECONDS);
            assertThat(b).as("both delivered within 5 s").isNotNull();
            assertThat(broker.quietFor(Duration.ofMillis(300))).as("no acknowledgement before the application's").isTrue();
            assertThat(c.acknowledge(b)).isTrue();
            assertThat(broker.quietFor(Duration.ofMillis(300))).as("6 waits for 5, which came first (MQTT 4.6)").isTrue();
            assertThat(c.acknowledge(a)).isTrue();
            assertThat(broker.readPacket()).containsExactly(0x40, 0x02, 0x00, 0x05);
            assertThat(broker.readPacket()).containsExactly(0x40, 0x02, 0x00, 0x06);
            assertThat(c.acknowledge(a)).as("acknowledged once only").isFalse();
        }
    }

    @Test
    void aRefusedPublishDoesNotTeachATopicAliasTheBrokerNeverSaw() throws Exception {
        // CONNACK: success; properties: Topic Alias Maximum 10 (0x22), Maximum Packet Size 100 (0x27)
        try (var broker = new ScriptedBroker(); MqttClient c = connected(broker, MqttVersion.V5,
                0x20, 0x0B, 0x00, 0x00, 0x08, 0x22, 0x00, 0x0A, 0x27, 0x00, 0x00, 0x00, 0x64)) {
            var tooBig = c.publishAsync(MqttMessage.of("t/a", new byte[200], Qos.AT_MOST_ONCE, false));
            assertThatThrownBy(tooBig::join).hasMessageContaining("exceeds the broker's Maximum Packet Size of 100");
            c.publishAsync(MqttMessage.of("t/a", "small", Qos.AT_MOST_ONCE)).get(5, TimeUnit.SECONDS);
            byte[] sent = broker.readPacket();
            assertThat(sent[2] << 8 | sent[3]).as("the topic name is sent in full: the broker learns the alias here").isEqualTo(3);
            assertThat(new String(sent, 4, 3, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("t/a");
            assertThat(sent).as("with the alias property 0x23 = 1").containsSubsequence((byte) 0x23, (byte) 0x00, (byte) 0x01);
        }
    }

    @Test
    void anOversizedIncomingPacketIsReportedWithTheLimitAndTheOption() throws Exception {
        var events = new ConnectionLifecycleTest.Events();
        try (var broker = new ScriptedBroker();
             MqttClient c = MqttClient.create(MqttClientOptions.builder(broker.uri()).version(MqttVersion.V3_1_1)
                     .maxPacketSize(1024).lifecycleListener(events).build())) {
            CompletableFuture<ConnAck> connecting = c.connectAsync();
            broker.acceptConnect();
            broker.write(0x20, 0x02, 0x00, 0x00);
            connecting.get(5, TimeUnit.SECONDS);
            broker.write(0x30, 0x80, 0x10); // PUBLISH of 2,048 bytes: only its fixed header is needed
            var ended = events.next(MqttLifecycleListener.Disconnected.class);
            assertThat(ended.reason()).isEqualTo(DisconnectReason.PACKET_TOO_LARGE);
            assertThat(ended.cause().orElseThrow()).hasMessageContaining("2051 bytes exceeds the maximum packet size of 1024")
                    .hasMessageContaining("MqttClientOptions.maxPacketSize");
        }
    }
}
