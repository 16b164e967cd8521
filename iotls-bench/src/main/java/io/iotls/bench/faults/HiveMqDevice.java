package io.iotls.bench.faults;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HiveMQ MQTT client 1.4.2, async API, MQTT 3.1.1 or 5, automatic reconnect (it queues publishes while it
 * reconnects). It has no message store: what it holds when its process dies is gone.
 */
final class HiveMqDevice implements Device {
    private final Mqtt3AsyncClient v3;
    private final Mqtt5AsyncClient v5;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    HiveMqDevice(Setup s) throws Exception {
        TrustManagerFactory tmf = Device.trust(s.caFile());
        if (s.v5()) {
            v3 = null;
            v5 = Mqtt5Client.builder().identifier(s.clientId()).serverHost(s.host()).serverPort(s.port())
                    .sslConfig().trustManagerFactory(tmf).protocols(List.of("TLSv1.3")).applySslConfig()
                    .automaticReconnect().initialDelay(FIRST_RETRY.toMillis(), TimeUnit.MILLISECONDS)
                    .maxDelay(LONGEST_RETRY.toMillis(), TimeUnit.MILLISECONDS).applyAutomaticReconnect().buildAsync();
        } else {
            v5 = null;
            v3 = Mqtt3Client.builder().identifier(s.clientId()).serverHost(s.host()).serverPort(s.port())
                    .sslConfig().trustManagerFactory(tmf).protocols(List.of("TLSv1.3")).applySslConfig()
                    .automaticReconnect().initialDelay(FIRST_RETRY.toMillis(), TimeUnit.MILLISECONDS)
                    .maxDelay(LONGEST_RETRY.toMillis(), TimeUnit.MILLISECONDS).applyAutomaticReconnect().buildAsync();
        }
    }

    @Override
    public void connect() throws Exception {
        if (v5 != null) {
            v5.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY.toSeconds())
                    .keepAlive((int) KEEP_ALIVE.toSeconds()).send().get(15, TimeUnit.SECONDS);
        } else {
            v3.connectWith().cleanSession(false).keepAlive((int) KEEP_ALIVE.toSeconds()).send().get(15, TimeUnit.SECONDS);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int qos) {
        outstanding.incrementAndGet();
        CompletableFuture<?> sent = v5 != null
                ? v5.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).send()
                : v3.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).send();
        sent.whenComplete((result, error) -> {
            if (error != null || (result instanceof Mqtt5PublishResult r && r.getError().isPresent())) failed.incrementAndGet();
            outstanding.decrementAndGet();
        });
    }

    @Override
    public int outstanding() {
        return outstanding.get();
    }

    @Override
    public int failed() {
        return failed.get();
    }

    @Override
    public void close() throws Exception {
        if (v5 != null) v5.disconnect().get(10, TimeUnit.SECONDS);
        else v3.disconnect().get(10, TimeUnit.SECONDS);
    }
}
