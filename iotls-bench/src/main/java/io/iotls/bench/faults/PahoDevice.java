package io.iotls.bench.faults;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;

/**
 * Eclipse Paho 1.2.5 for MQTT 3.1.1 (its mqttv3 client; {@link PahoV5Device} for MQTT 5), async client with its file store, its default window (10), and its offline
 * buffer kept on disk. Its API refuses a publish while the window is full or while it is connecting: the application
 * tries again, as Paho's documentation asks.
 */
final class PahoDevice implements Device {
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final AtomicInteger failed = new AtomicInteger();
    private final IMqttActionListener countFailures = new IMqttActionListener() {
        @Override public void onSuccess(IMqttToken token) {}
        @Override public void onFailure(IMqttToken token, Throwable e) { failed.incrementAndGet(); }
    };

    PahoDevice(Setup s) throws Exception {
        if (s.v5()) throw new IllegalArgumentException("Paho's mqttv3 client speaks MQTT 3.1.1 only");
        client = new MqttAsyncClient("ssl://" + s.host() + ":" + s.port(), s.clientId(), new MqttDefaultFilePersistence(s.store().toString()));
        TrustManagerFactory tmf = Device.trust(s.caFile());
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, tmf.getTrustManagers(), null);
        options.setSocketFactory(tls.getSocketFactory());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setKeepAliveInterval((int) KEEP_ALIVE.toSeconds());
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(true); // Paho starts at 1 s and doubles, as the others are set to
        options.setMaxReconnectDelay((int) LONGEST_RETRY.toMillis());
        DisconnectedBufferOptions offline = new DisconnectedBufferOptions();
        offline.setBufferEnabled(true);
        offline.setPersistBuffer(true);
        offline.setDeleteOldestMessages(false);
        client.setBufferOpts(offline);
    }

    @Override
    public void connect() throws Exception {
        client.connect(options).waitForCompletion(15_000);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        while (true) {
            try {
                client.publish(topic, m, null, countFailures);
                return;
            } catch (MqttException e) {
                switch (e.getReasonCode()) {
                    case MqttException.REASON_CODE_MAX_INFLIGHT, MqttException.REASON_CODE_DISCONNECTED_BUFFER_FULL,
                         MqttException.REASON_CODE_CLIENT_NOT_CONNECTED, MqttException.REASON_CODE_CONNECT_IN_PROGRESS,
                         MqttException.REASON_CODE_CLIENT_DISCONNECTING ->
                            LockSupport.parkNanos(1_000_000); // Paho has no call that waits for room: try again shortly
                    default -> throw e;
                }
            }
        }
    }

    @Override
    public int outstanding() {
        return client.getPendingDeliveryTokens().length + client.getBufferedMessageCount();
    }

    @Override
    public int failed() {
        return failed.get();
    }

    @Override
    public void close() throws Exception {
        client.disconnect(5_000).waitForCompletion(10_000);
        client.close();
    }
}
