package io.iotls.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.mqtt.MqttVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every packet type of both versions round-trips; malformed inputs give the expected error; random round trips. */
class PacketCodecTest {
    private static final Properties RICH = Properties.builder().string(Property.REASON_STRING, "why")
            .userProperty("k", "v").userProperty("k", "v2").build();

    private static MqttPacket roundTrip(MqttVersion v, MqttPacket p) throws IOException {
        PacketCodec codec = new PacketCodec(v);
        byte[] bytes = codec.encode(p);
        FrameReader.Frame frame = new FrameReader(new ByteArrayInputStream(bytes), Integer.MAX_VALUE).read();
        return codec.decode(frame);
    }

    static List<MqttPacket> packets(MqttVersion v) {
        boolean v5 = v == MqttVersion.V5;
        Properties publishProps = v5 ? Properties.builder().integer(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                .fourByte(Property.MESSAGE_EXPIRY_INTERVAL, 60).string(Property.CONTENT_TYPE, "text/plain")
                .string(Property.RESPONSE_TOPIC, "re/ply").binary(Property.CORRELATION_DATA, new byte[] {1, 2})
                .userProperty("line", "7").build() : Properties.NONE;
        Properties ackProps = v5 ? RICH : Properties.NONE;
        MqttPacket.Will will = new MqttPacket.Will("plant/status", "offline".getBytes(), 1, true,
                v5 ? Properties.builder().fourByte(Property.WILL_DELAY_INTERVAL, 5).build() : Properties.NONE);
        List<MqttPacket> all = new ArrayList<>(List.of(
                new MqttPacket.Connect(v.level(), "plc-7", 30, false, will, "user", "pass".getBytes(),
                        v5 ? Properties.builder().fourByte(Property.SESSION_EXPIRY_INTERVAL, 3600).integer(Property.RECEIVE_MAXIMUM, 10).build()
                                : Properties.NONE),
                new MqttPacket.Connect(v.level(), "", 0, true, null, null, null, Properties.NONE),
                new MqttPacket.ConnAck(true, 0, v5 ? Properties.builder().integer(Property.RECEIVE_MAXIMUM, 20)
                        .integer(Property.TOPIC_ALIAS_MAXIMUM, 10).fourByte(Property.MAXIMUM_PACKET_SIZE, 1 << 20).build() : Properties.NONE),
                new MqttPacket.ConnAck(false, v5 ? 0x87 : 5, ackProps),
                new MqttPacket.Publish("a/b", "hello".getBytes(), 0, false, false, 0, publishProps),
                new MqttPacket.Publish("a/b", new byte[0], 1, true, true, 7, Properties.NONE),
                new MqttPacket.Publish("a/b", new byte[70_000], 2, false, false, 65535, Properties.NONE),
                new MqttPacket.Ack(PacketType.PUBACK, 1, 0, Properties.NONE),
                new MqttPacket.Ack(PacketType.PUBREC, 2, v5 ? 0x10 : 0, ackProps),
                new MqttPacket.Ack(PacketType.PUBREL, 3, v5 ? 0x92 : 0, Properties.NONE),
                new MqttPacket.Ack(PacketType.PUBCOMP, 4, 0, ackProps),
                new MqttPacket.Subscribe(9, List.of(new MqttPacket.Subscription("a/+/c", 1, v5, v5, v5 ? 2 : 0),
                        new MqttPacket.Subscription("#", 2, false, false, 0)),
                        v5 ? Properties.builder().subscriptionIdentifier(42).build() : Properties.NONE),
                new MqttPacket.SubAck(9, List.of(1, 2, 0x80), ackProps),
                new MqttPacket.Unsubscribe(10, List.of("a/+/c", "#"), Properties.NONE),
                new MqttPacket.UnsubAck(10, v5 ? List.of(0, 0x11) : List.of(), ackProps),
                new MqttPacket.PingReq(),
                new MqttPacket.PingResp(),
                new MqttPacket.Disconnect(v5 ? 0x04 : 0, v5 ? RICH : Properties.NONE)));
        if (v5) {
            all.add(new MqttPacket.Publish("", "aliased".getBytes(), 0, false, false, 0,
                    Properties.builder().integer(Property.TOPIC_ALIAS, 3).build()));
            all.add(new MqttPacket.Auth(0x18, Properties.builder().string(Property.AUTHENTICATION_METHOD, "SCRAM").build()));
        }
        return all;
    }

    static Stream<Arguments> everyPacket() {
        return Stream.of(MqttVersion.values()).flatMap(v -> packets(v).stream().map(p -> Arguments.of(v, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPacket")
    void everyPacketTypeRoundTrips(MqttVersion v, MqttPacket p) throws IOException {
        assertThat(roundTrip(v, p)).isEqualTo(p);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // version, hex bytes, expected message fragment, expected MQTT 5 reason code
                Arguments.of(MqttVersion.V3_1_1, "00 00", "reserved packet type 0", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "22 02 00 00", "CONNACK fixed header flags must be 0", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "20 02 02 00", "bits 7-1 must be 0", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "20 02 00 06", "return code 6 is reserved", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "20 02 01 05", "session present set on a refused connection", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "36 05 00 01 61 00 01", "QoS 3 is invalid", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "38 03 00 01 61", "QoS 0 must not have DUP", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "32 03 00 01 61", "PUBLISH packet identifier needs 2 bytes", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "32 05 00 01 61 00 00", "packet identifier must not be 0", 0x82),
                Arguments.of(MqttVersion.V3_1_1, "30 04 00 01 2b 78", "must not contain wildcards", 0x90),
                Arguments.of(MqttVersion.V3_1_1, "30 03 00 05 61", "topic name needs 5 bytes", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "30 04 00 02 c3 28", "not well-formed UTF-8", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "30 03 00 01 00", "contains U+0000", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "60 02 00 01", "PUBREL fixed header flags must be 2", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "40 03 00 01 00", "remaining length must be 2", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "90 03 00 01 03", "not allowed in MQTT 3.1.1", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "90 02 00 01", "SUBACK without return codes", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "c0 01 00", "PINGREQ must have remaining length 0", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "f0 00", "reserved in MQTT 3.1.1", 0x81),
                Arguments.of(MqttVersion.V3_1_1, "82 02 00 01", "SUBSCRIBE without topic filters", 0x82),
                Arguments.of(MqttVersion.V3_1_1, "82 07 00 01 00 02 61 23 01", "'#' must be the whole last level", 0x82),
                Arguments.of(MqttVersion.V3_1_1, "82 06 00 01 00 01 61 04", "reserved bits must be 0", 0x81),
                Arguments.of(MqttVersion.V5, "20 06 00 00 03 24 01 24 01".substring(0, 23), "MAXIMUM_QOS appears more than once", 0x82),
                Arguments.of(MqttVersion.V5, "20 05 00 00 02 23 00", "TOPIC_ALIAS is not allowed in CONNACK", 0x82),
                Arguments.of(MqttVersion.V5, "20 04 00 00 01 7f", "unknown property identifier 0x7F", 0x81),
                Arguments.of(MqttVersion.V5, "20 05 00 00 09 24 01", "properties length 9 exceeds", 0x81),
                Arguments.of(MqttVersion.V5, "20 05 00 00 02 24 05", "MAXIMUM_QOS has invalid value 5", 0x82),
                Arguments.of(MqttVersion.V5, "20 06 00 00 03 21 00 00", "RECEIVE_MAXIMUM has invalid value 0", 0x82),
                Arguments.of(MqttVersion.V5, "30 05 00 00 02 01 01", "a topic name must not be empty", 0x90),
                Arguments.of(MqttVersion.V5, "20 04 00 00 80 00", "not in its shortest form", 0x81),
                Arguments.of(MqttVersion.V5, "20 07 00 00 80 80 80 80 01", "longer than 4 bytes", 0x81));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("malformed")
    void malformedInputIsAnErrorWithItsReasonCode(MqttVersion v, String hex, String message, int reasonCode) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThatThrownBy(() -> new PacketCodec(v).decode(new FrameReader(new ByteArrayInputStream(bytes), 1 << 20).read()))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((MalformedPacketException) e).reasonCode()).isEqualTo(reasonCode));
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aPublishHeadFollowedByItsPayloadIsTheWholePacket(MqttVersion v) {
        PacketCodec codec = new PacketCodec(v);
        for (int size : new int[] {0, 1, 127, 16_384, 70_000}) { // remaining lengths of 1, 2 and 3 bytes
            byte[] payload = new byte[size];
            new Random(size).nextBytes(payload);
            MqttPacket.Publish p = new MqttPacket.Publish("plant/line-7", payload, 1, true, false, 42,
                    v == MqttVersion.V5 ? RICH : Properties.NONE);
            byte[] head = codec.encodeHead(p);
            byte[] joined = java.util.Arrays.copyOf(head, head.length + size);
            System.arraycopy(payload, 0, joined, head.length, size);
            assertThat(joined).as("%d bytes of payload", size).isEqualTo(codec.encode(p));
        }
    }

    @Test
    void oversizedPacketIsRefusedBeforeAnythingIsAllocated() {
        byte[] header = HexFormat.of().parseHex("30ffffff7f"); // PUBLISH claiming 268,435,455 bytes
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(header), 1 << 20).read())
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("exceeds the maximum packet size")
                .satisfies(e -> assertThat(((MalformedPacketException) e).reasonCode()).isEqualTo(0x95));
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void randomPublishesRoundTrip(MqttVersion v) throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            int qos = random.nextInt(3);
            byte[] payload = new byte[random.nextInt(2000)];
            random.nextBytes(payload);
            StringBuilder topic = new StringBuilder();
            int levels = 1 + random.nextInt(5);
            for (int l = 0; l < levels; l++) {
                if (l > 0) topic.append('/');
                topic.appendCodePoint(0x20 + random.nextInt(0x2000)).append("x"); // BMP text beyond ASCII
            }
            String t = topic.toString().replace('+', 'p').replace('#', 'h');
            Properties props = v == MqttVersion.V5 && random.nextBoolean()
                    ? Properties.builder().userProperty("n" + i, t).fourByte(Property.MESSAGE_EXPIRY_INTERVAL, random.nextInt(1 << 30)).build()
                    : Properties.NONE;
            MqttPacket.Publish p = new MqttPacket.Publish(t, payload, qos, random.nextBoolean(), qos > 0 && random.nextBoolean(),
                    qos > 0 ? 1 + random.nextInt(65535) : 0, props);
            assertThat(roundTrip(v, p)).isEqualTo(p);
        }
    }

    @Test
    void topicFiltersMatchAsTheSpecSays() {
        assertThat(Topics.matches("sport/tennis/#", "sport/tennis")).isTrue();
        assertThat(Topics.matches("sport/tennis/#", "sport/tennis/player1/ranking")).isTrue();
        assertThat(Topics.matches("sport/+", "sport/")).isTrue();
        assertThat(Topics.matches("sport/+", "sport")).isFalse();
        assertThat(Topics.matches("+/+", "/finance")).isTrue();
        assertThat(Topics.matches("#", "$SYS/uptime")).isFalse();
        assertThat(Topics.matches("$share/g/a/+", "a/b")).isTrue();
    }
}
