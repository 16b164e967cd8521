package io.iotls.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** HiveMQ MQTT client 1.4 (Netty, JDK SSLEngine; WebSocket through Netty's HTTP codec), async API. */
final class HiveMqContender implements Contender {
    private final JsseMaterial jsse = new JsseMaterial();

    @Override
    public String name() {
        return "HiveMQ";
    }

    /** No PSK (JSSE has none), no resumption: each client builds its own SSL context from the trust manager. */
    @Override
    public boolean supports(Target t) {
        return !t.psk() && !t.resumption();
    }

    @Override
    public Session connect(Target t, String clientId) throws Exception {
        Mqtt3ClientBuilder b = Mqtt3Client.builder().identifier(clientId).serverHost(t.host()).serverPort(t.port());
        if (t.webSocket()) b = b.webSocketConfig().serverPath("mqtt").applyWebSocketConfig(); // Netty's WebSocket codec
        var ssl = b.sslConfig().trustManagerFactory(jsse.trust(t)).protocols(List.of(t.tlsVersion()));
        if (jsse.keys(t) != null) ssl = ssl.keyManagerFactory(jsse.keys(t));
        Mqtt3AsyncClient client = ssl.applySslConfig().buildAsync();
        client.connect().join();
        return new Session() {
            @Override
            public CompletableFuture<?> publish(String topic, byte[] payload, int qos) {
                return client.publishWith().topic(topic).payload(payload).qos(qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE).send();
            }

            @Override
            public void subscribe(String filter, Runnable onMessage) {
                client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_MOST_ONCE).callback(p -> onMessage.run()).send().join();
            }

            @Override
            public void close() {
                client.disconnect().join();
            }
        };
    }
}
