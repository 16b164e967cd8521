package io.iotls.bench;

import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Eclipse Paho 1.2.5 (JSSE socket factory), async client; in-flight limited to 65535 so the bench sets the window. */
final class PahoContender implements Contender {
    private final JsseMaterial jsse = new JsseMaterial();

    @Override
    public String name() {
        return "Paho";
    }

    @Override
    public boolean supports(Target t) {
        return !t.psk();
    }

    @Override
    public Session connect(Target t, String clientId) throws Exception {
        String uri = t.webSocket() ? "wss://" + t.host() + ":" + t.port() + "/mqtt" : "ssl://" + t.host() + ":" + t.port();
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(new NoDelaySocketFactory(jsse.newContext(t).getSocketFactory()));
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setMaxInflight(65535);
        o.setAutomaticReconnect(false);
        client.connect(o).waitForCompletion();
        return new Session() {
            @Override
            public CompletableFuture<?> publish(String topic, byte[] payload, int qos) throws Exception {
                CompletableFuture<Void> done = new CompletableFuture<>();
                MqttMessage m = new MqttMessage(payload);
                m.setQos(qos);
                client.publish(topic, m, null, new IMqttActionListener() {
                    @Override public void onSuccess(IMqttToken token) { done.complete(null); }
                    @Override public void onFailure(IMqttToken token, Throwable e) { done.completeExceptionally(e); }
                });
                return done;
            }

            @Override
            public void subscribe(String filter, Runnable onMessage) throws Exception {
                client.subscribe(filter, 0, (topic, message) -> onMessage.run()).waitForCompletion();
            }

            @Override
            public void close() throws Exception {
                client.disconnect(0).waitForCompletion(); // no quiesce wait: nothing is outstanding
                client.close();
            }
        };
    }
}
