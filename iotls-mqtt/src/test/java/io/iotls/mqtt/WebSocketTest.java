package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.transport.FailureReason;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.TlsOptions;
import io.iotls.transport.WebSocketOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MQTT over WebSocket (ws:// and wss://) against mosquitto's websockets listener, and refused upgrades. */
class WebSocketTest extends BrokerTest {

    private MqttClient client(MqttClientOptions.Builder options) throws Exception {
        MqttClient c = MqttClient.create(options.build());
        closeLater(c);
        return c;
    }

    /**
     * Every QoS with payloads at each frame-length boundary (7-bit, 16-bit, and with {@code large} one of 64 KiB: a
     * 64-bit length). Only one large message: mosquitto 2.0.11's websockets listener sends to clients at about 40 KB/s.
     */
    private void roundTrip(MqttClient pub, MqttClient sub, String topic, boolean large) throws Exception {
        int[] sizes = {0, 1, 123, 124, 125, 126, 1000};
        Set<String> received = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(3 * sizes.length + (large ? 1 : 0));
        sub.subscribe(topic + "/#", Qos.EXACTLY_ONCE, m -> {
            byte[] p = m.payload();
            boolean intact = true;
            for (int i = 0; i < p.length; i++) intact &= p[i] == (byte) (i * 31);
            if (intact && received.add(m.topic() + ":" + p.length)) all.countDown();
        });
        List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
        for (Qos q : Qos.values()) {
            for (int size : sizes) {
                byte[] payload = new byte[size];
                for (int i = 0; i < size; i++) payload[i] = (byte) (i * 31);
                acks.add(pub.publishAsync(MqttMessage.of(topic + "/" + q, payload, q, false)));
            }
        }
        if (large) {
            byte[] payload = new byte[65_536];
            for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 31);
            acks.add(pub.publishAsync(MqttMessage.of(topic + "/large", payload, Qos.AT_LEAST_ONCE, false)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(all.await(20, TimeUnit.SECONDS)).as("received intact: %s", received).isTrue();
    }

    @ParameterizedTest(name = "{0}, shared I/O thread {1}")
    @CsvSource({"V3_1_1,true", "V5,true", "V5,false"})
    void plainWebSocketCarriesEveryQosBothWays(MqttVersion version, boolean sharedIoThread) throws Exception {
        var broker = closeLater(MosquittoBroker.builder().webSockets().start());
        String uri = "ws://127.0.0.1:" + broker.port() + "/mqtt";
        MqttClient pub = client(MqttClientOptions.builder(uri).version(version).sharedIoThread(sharedIoThread));
        MqttClient sub = client(MqttClientOptions.builder(uri).version(version).sharedIoThread(sharedIoThread));
        pub.connect();
        sub.connect();
        roundTrip(pub, sub, "ws-" + version, true);
        roundTrip(sub, pub, "back-" + version, false);
        assertThat(pub.handshakeTrace()).as("no TLS on ws://").isEmpty();
    }

    @Test
    void secureWebSocketRunsOverTlsAndTracesTheUpgradeAfterTheHandshake() throws Exception {
        var broker = closeLater(MosquittoBroker.builder().webSockets()
                .tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).requireCertificate().start());
        TlsOptions tls = TlsOptions.builder().caFile(pki.caFile())
                .clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null).build();
        String uri = "wss://localhost:" + broker.port() + "/mqtt";
        MqttClient pub = client(MqttClientOptions.builder(uri).tls(tls));
        MqttClient sub = client(MqttClientOptions.builder(uri).tls(tls));
        pub.connect();
        sub.connect();
        roundTrip(pub, sub, "wss", true);
        var steps = pub.handshakeTrace().orElseThrow().steps();
        assertThat(steps).contains(HandshakeStep.CLIENT_CERTIFICATE, HandshakeStep.SERVER_FINISHED);
        assertThat(steps.getLast()).isEqualTo(HandshakeStep.WEBSOCKET_UPGRADE);
        assertThat(pub.handshakeTrace().orElseThrow().entries().getLast().details())
                .anySatisfy(d -> assertThat(d).contains("101").contains("/mqtt"))
                .anySatisfy(d -> assertThat(d).isEqualTo("subprotocol mqtt"));
    }

    @Test
    void aWebSocketUpgradeToAPlainMqttPortIsNamedAsSuch() throws Exception {
        var broker = closeLater(MosquittoBroker.builder().start()); // MQTT, not WebSocket
        MqttClient c = client(MqttClientOptions.builder("ws://127.0.0.1:" + broker.port()).connectTimeout(java.time.Duration.ofSeconds(5)));
        assertThatThrownBy(c::connect).isInstanceOfSatisfying(HandshakeException.class, e -> {
            assertThat(e.step()).isEqualTo(HandshakeStep.WEBSOCKET_UPGRADE);
            assertThat(e.reason()).isEqualTo(FailureReason.WEBSOCKET_REFUSED);
            assertThat(e.getMessage()).contains("without answering the WebSocket upgrade").contains("protocol websockets");
        });
    }

    @Test
    void aRefusedUpgradeNamesTheStatusAndAHintAndSendsTheHeadersAsked() throws Exception {
        try (HttpAnswer server = new HttpAnswer("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")) {
            MqttClient c = client(MqttClientOptions.builder("ws://127.0.0.1:" + server.port() + "/ws?x=1")
                    .webSocket(WebSocketOptions.builder().path("/custom?x=1").header("Authorization", "Bearer s3cr3t").build()));
            assertThatThrownBy(c::connect).isInstanceOfSatisfying(HandshakeException.class, e -> {
                assertThat(e.step()).isEqualTo(HandshakeStep.WEBSOCKET_UPGRADE);
                assertThat(e.reason()).isEqualTo(FailureReason.WEBSOCKET_REFUSED);
                assertThat(e.getMessage()).contains("401 Unauthorized").contains("credentials").doesNotContain("s3cr3t");
            });
            String request = server.request().get(5, TimeUnit.SECONDS);
            assertThat(request).startsWith("GET /custom?x=1 HTTP/1.1\r\n").contains("\r\nAuthorization: Bearer s3cr3t\r\n")
                    .contains("\r\nSec-WebSocket-Protocol: mqtt\r\n").contains("\r\nSec-WebSocket-Version: 13\r\n")
                    .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n");
        }
    }

    @Test
    void anAnswerWithAWrongAcceptKeyIsRefused() throws Exception {
        try (HttpAnswer server = new HttpAnswer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n")) {
            MqttClient c = client(MqttClientOptions.builder("ws://127.0.0.1:" + server.port()));
            assertThatThrownBy(c::connect).isInstanceOfSatisfying(HandshakeException.class, e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.WEBSOCKET_REFUSED);
                assertThat(e.getMessage()).contains("Sec-WebSocket-Accept does not match our key");
            });
        }
    }

    @Test
    void webSocketOptionsNeedAWebSocketUriAndKeepHeaderValuesOutOfToString() {
        assertThatThrownBy(() -> MqttClientOptions.builder("mqtt://127.0.0.1").webSocket(WebSocketOptions.defaults()))
                .hasMessageContaining("ws:// or wss://");
        assertThatThrownBy(() -> WebSocketOptions.builder().header("Sec-WebSocket-Key", "x")).hasMessageContaining("set by iotls");
        assertThatThrownBy(() -> WebSocketOptions.builder().header("X-Token", "a\r\nEvil: 1")).hasMessageContaining("line break");
        assertThat(WebSocketOptions.builder().header("Authorization", "Bearer s3cr3t").build().toString())
                .contains("Authorization").doesNotContain("s3cr3t");
        var o = MqttClientOptions.builder("wss://broker.example").tls(TlsOptions.builder().systemRoots().build()).build();
        assertThat(o.port()).isEqualTo(443);
        assertThat(o.webSocket().orElseThrow().path()).isEqualTo("/mqtt");
        assertThat(MqttClientOptions.builder("ws://broker.example:9001/").build().webSocket().orElseThrow().path()).isEqualTo("/");
    }

    /** A one-shot HTTP server on 127.0.0.1 that reads one request and answers with a fixed text. */
    private static final class HttpAnswer implements AutoCloseable {
        private final ServerSocket server;
        private final CompletableFuture<String> request = new CompletableFuture<>();

        HttpAnswer(String answer) throws Exception {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("http-answer").start(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) break;
                        got.write(b);
                    }
                    request.complete(got.toString(StandardCharsets.ISO_8859_1));
                    OutputStream out = s.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    s.shutdownOutput();
                    in.readAllBytes(); // until the client closes
                } catch (Exception e) {
                    request.completeExceptionally(e);
                }
            });
        }

        int port() { return server.getLocalPort(); }

        CompletableFuture<String> request() { return request; }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
