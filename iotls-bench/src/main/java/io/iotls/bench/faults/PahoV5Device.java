package io.iotls.bench.faults;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Eclipse Paho 1.2.5 for MQTT 5 (its mqttv5 client), set up as {@link PahoDevice}: async client, file store, clean
 * start 0 with a session expiry of {@link #SESSION_EXPIRY}, its default window (the broker's Receive Maximum), and its
 * offline buffer kept on disk. A publish it refuses (window full, connecting) is tried again shortly.
 */
final class PahoV5Device implements Device {
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();
    private final AtomicInteger failed = new AtomicInteger();
    private final MqttActionListener countFailures = new MqttActionListener() {
        @Override public void onSuccess(IMqttToken token) {}
        @Override public void onFailure(IMqttToken token, Throwable e) { failed.incrementAndGet(); }
    };

    PahoV5Device(Setup s) throws Exception {
        client = new MqttAsyncClient("ssl://" + s.host() + ":" + s.port(), s.clientId(), new MqttDefaultFilePersistence(s.store().toString()));
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, Device.trust(s.caFile()).getTrustManagers(), null);
        options.setSocketFactory(tls.getSocketFactory());
        options.setCleanStart(false);
        options.setSessionExpiryInterval(SESSION_EXPIRY.toSeconds());
        options.setKeepAliveInterval((int) KEEP_ALIVE.toSeconds());
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay((int) FIRST_RETRY.toSeconds(), (int) LONGEST_RETRY.toSeconds());
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
                    case MqttClientException.REASON_CODE_MAX_INFLIGHT, MqttClientException.REASON_CODE_DISCONNECTED_BUFFER_FULL,
                         MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED, MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS,
                         MqttClientException.REASON_CODE_CLIENT_DISCONNECTING ->
                            LockSupport.parkNanos(1_000_000); // Paho has no call that waits for room: try again shortly
                    default -> throw e;
                }
            }
        }
    }

    @Override
    public int outstanding() {
        return client.getPendingTokens().length + client.getBufferedMessageCount();
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
