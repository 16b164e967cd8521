package io.iotls.transport.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.transport.TlsConnection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6455 framing as MQTT uses it: what the broker may send, what it must not, and what we send. */
class WebSocketFramingTest {

    /** A server frame: FIN as given, never masked, the shortest length form. */
    private static byte[] serverFrame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length <= 0xffff) {
            f.write(126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        } else {
            f.write(127);
            for (int i = 7; i >= 0; i--) f.write(i >= 4 ? 0 : payload.length >>> (8 * i));
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** The frames a carrier was given to send, and what it has to read. */
    private static final class Wire implements WebSocketStream.Carrier {
        final InputStream in;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();

        Wire(byte[] fromBroker) { in = new ByteArrayInputStream(fromBroker); }

        @Override public InputStream input() { return in; }
        @Override public OutputStream output() { return sent; }
        @Override public void readTimeout(Duration timeout) {}
        @Override public void awaitWritable() {}
        @Override public boolean receiveOnIoThread(TlsConnection.Receiver receiver) { return false; }
        @Override public void receiving(boolean on) {}
        @Override public void close() {}

        /** Our frames, unmasked: opcode and payload each. */
        List<int[]> sentFrames() {
            byte[] b = sent.toByteArray();
            List<int[]> frames = new ArrayList<>();
            int i = 0;
            while (i < b.length) {
                assertThat(b[i] & 0x80).as("FIN").isNotZero();
                assertThat(b[i + 1] & 0x80).as("a client masks every frame (RFC 6455 5.3)").isNotZero();
                int opcode = b[i] & 0x0f;
                int len = b[i + 1] & 0x7f;
                int at = i + 2;
                if (len == 126) { len = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff); at += 2; }
                else if (len == 127) { len = (int) java.nio.ByteBuffer.wrap(b, at, 8).getLong(); at += 8; }
                byte[] mask = java.util.Arrays.copyOfRange(b, at, at + 4);
                at += 4;
                int[] frame = new int[len + 1];
                frame[0] = opcode;
                for (int k = 0; k < len; k++) frame[k + 1] = (b[at + k] ^ mask[k & 3]) & 0xff;
                frames.add(frame);
                i = at + len;
            }
            return frames;
        }
    }

    @Test
    void fragmentedBinaryMessagesAndInterleavedPingsReadAsOneStreamAndPingsAreAnswered() throws IOException {
        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        Wire wire = new Wire(concat(serverFrame(false, FrameDecoder.BINARY, new byte[] {1, 2}),
                serverFrame(true, FrameDecoder.PING, new byte[] {9, 8, 7}),
                serverFrame(true, FrameDecoder.CONTINUATION, new byte[] {3}),
                serverFrame(true, FrameDecoder.BINARY, new byte[0]),
                serverFrame(true, FrameDecoder.BINARY, big)));
        WebSocketStream stream = new WebSocketStream(wire);
        byte[] all = stream.input().readAllBytes();
        assertThat(all).hasSize(3 + big.length);
        assertThat(java.util.Arrays.copyOf(all, 3)).containsExactly(1, 2, 3);
        assertThat(java.util.Arrays.copyOfRange(all, 3, all.length)).isEqualTo(big);
        assertThat(wire.sentFrames()).singleElement().satisfies(f -> assertThat(f).containsExactly(FrameDecoder.PONG, 9, 8, 7));
    }

    @Test
    void theBrokersCloseFrameIsAnsweredWithItsCodeAndEndsTheStream() throws IOException {
        Wire wire = new Wire(concat(serverFrame(true, FrameDecoder.BINARY, new byte[] {42}),
                serverFrame(true, FrameDecoder.CLOSE, new byte[] {0x03, (byte) 0xe9}), // 1001 going away
                serverFrame(true, FrameDecoder.BINARY, new byte[] {43})));
        WebSocketStream stream = new WebSocketStream(wire);
        assertThat(stream.input().readAllBytes()).containsExactly(42);
        assertThat(wire.sentFrames()).singleElement().satisfies(f -> assertThat(f).containsExactly(FrameDecoder.CLOSE, 0x03, 0xe9));
        stream.close();
        assertThat(wire.sentFrames()).as("one close frame only").hasSize(1);
    }

    @Test
    void whatWeWriteIsOneMaskedBinaryFramePerWriteWithTheShortestLength() throws IOException {
        Wire wire = new Wire(new byte[0]);
        WebSocketStream stream = new WebSocketStream(wire);
        stream.write(new byte[] {0x30, 3}, new byte[] {'a', 'b', 'c'});
        stream.output().write(new byte[125]);
        stream.output().write(new byte[126]);
        stream.output().write(new byte[65_536]);
        List<int[]> frames = wire.sentFrames();
        assertThat(frames).extracting(f -> f[0]).containsOnly(FrameDecoder.BINARY);
        assertThat(frames).extracting(f -> f.length - 1).containsExactly(5, 125, 126, 65_536);
        assertThat(frames.get(0)).containsExactly(FrameDecoder.BINARY, 0x30, 3, 'a', 'b', 'c');
        byte[] raw = wire.sent.toByteArray();
        assertThat(raw[1] & 0x7f).isEqualTo(5);
        assertThat(raw[2 + 4 + 5 + 1] & 0x7f).as("125 fits in 7 bits").isEqualTo(125);
    }

    @Test
    void framesMqttForbidsEndTheStreamWithAProtocolErrorAndCloseCode1002() {
        byte[] masked = serverFrame(true, FrameDecoder.BINARY, new byte[] {1});
        masked[1] |= (byte) 0x80;
        byte[] reserved = serverFrame(true, FrameDecoder.BINARY, new byte[] {1});
        reserved[0] |= 0x40;
        byte[] longPing = serverFrame(true, FrameDecoder.PING, new byte[126]);
        byte[] notShortest = {(byte) 0x82, 126, 0, 5, 1, 2, 3, 4, 5};
        record Case(byte[] wire, String says) {}
        for (Case c : List.of(new Case(serverFrame(true, FrameDecoder.TEXT, "hi".getBytes()), "a text frame"),
                new Case(masked, "masked a frame"), new Case(reserved, "reserved bits"),
                new Case(serverFrame(false, FrameDecoder.PING, new byte[0]), "fragmented control frame"),
                new Case(longPing, "control frame of 126 bytes"),
                new Case(serverFrame(true, 0x3, new byte[0]), "reserved opcode 3"),
                new Case(serverFrame(true, FrameDecoder.CONTINUATION, new byte[] {1}), "continuation frame without a message"),
                new Case(concat(serverFrame(false, FrameDecoder.BINARY, new byte[] {1}), serverFrame(true, FrameDecoder.BINARY, new byte[] {2})),
                        "new message began inside a fragmented one"),
                new Case(notShortest, "not in its shortest form"))) {
            Wire wire = new Wire(c.wire());
            WebSocketStream stream = new WebSocketStream(wire);
            assertThatThrownBy(() -> stream.input().readAllBytes()).as(c.says())
                    .isInstanceOf(WebSocketProtocolException.class).hasMessageContaining(c.says());
            assertThat(wire.sentFrames()).as(c.says()).singleElement()
                    .satisfies(f -> assertThat(f).containsExactly(FrameDecoder.CLOSE, 0x03, 0xea));
        }
    }

    @Test
    void theDecoderTakesBytesInPiecesOfAnySize() throws IOException {
        byte[] wire = concat(serverFrame(true, FrameDecoder.BINARY, new byte[300]), serverFrame(true, FrameDecoder.PING, new byte[] {5}),
                serverFrame(true, FrameDecoder.BINARY, new byte[] {7}));
        for (int piece = 1; piece <= 7; piece++) {
            FrameDecoder decoder = new FrameDecoder();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            List<Integer> controls = new ArrayList<>();
            FrameDecoder.Events events = new FrameDecoder.Events() {
                @Override public void data(byte[] b, int off, int len) { data.write(b, off, len); }
                @Override public void control(int opcode, byte[] payload) { controls.add(opcode); }
            };
            for (int at = 0; at < wire.length; at += piece) decoder.feed(wire, at, Math.min(piece, wire.length - at), events);
            assertThat(data.size()).isEqualTo(301);
            assertThat(data.toByteArray()[300]).isEqualTo((byte) 7);
            assertThat(controls).containsExactly(FrameDecoder.PING);
        }
    }

    @Test
    void theUpgradeAnswerIsCheckedRuleByRule() throws IOException {
        var options = io.iotls.transport.WebSocketOptions.defaults();
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        assertThat(Upgrade.acceptFor(key)).as("RFC 6455 1.3's example").isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        List<String> good = List.of("HTTP/1.1 101 Switching Protocols", "Upgrade: WebSocket", "Connection: keep-alive, Upgrade",
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "Sec-WebSocket-Protocol: mqtt");
        assertThat(Upgrade.check(good, key, options).subprotocol()).isEqualTo("mqtt");
        assertThat(Upgrade.check(good.subList(0, 4), key, options).warnings()).singleElement().asString().contains("no WebSocket subprotocol");
        assertThatThrownBy(() -> Upgrade.check(List.of("HTTP/1.1 404 Not Found"), key, options))
                .isInstanceOfSatisfying(Upgrade.Refused.class, r -> {
                    assertThat(r.status()).isEqualTo(404);
                    assertThat(r.hint()).contains("/mqtt");
                });
        assertThatThrownBy(() -> Upgrade.check(List.of(good.get(0), good.get(1), good.get(3)), key, options))
                .hasMessageContaining("Connection: Upgrade");
        assertThatThrownBy(() -> Upgrade.check(List.of(good.get(0), good.get(1), good.get(2), good.get(3), "Sec-WebSocket-Protocol: mqttv3.1"), key, options))
                .hasMessageContaining("we did not offer");
        assertThatThrownBy(() -> Upgrade.check(List.of(good.get(0), good.get(1), good.get(2), good.get(3), "Sec-WebSocket-Extensions: permessage-deflate"), key, options))
                .hasMessageContaining("extension");
        assertThat(Upgrade.requestText("::1", 443, true, options, key)).contains("\r\nHost: [::1]\r\n");
        assertThat(Upgrade.requestText("broker", 8080, false, options, key)).startsWith("GET /mqtt HTTP/1.1\r\nHost: broker:8080\r\n");
    }
}
