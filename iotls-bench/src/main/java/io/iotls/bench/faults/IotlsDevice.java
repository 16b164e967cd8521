package io.iotls.bench.faults;

import io.iotls.mqtt.MqttClient;
import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.Qos;
import io.iotls.transport.TlsOptions;
import java.util.concurrent.atomic.AtomicInteger;

/** iotls with {@code .persistence(dir)} and its default window ({@code maxInflight} 20). */
final class IotlsDevice implements Device {
    private final MqttClient client;
    private final AtomicInteger failed = new AtomicInteger();

    IotlsDevice(Setup s) throws Exception {
        client = MqttClient.create(MqttClientOptions.builder("mqtts://" + s.host() + ":" + s.port())
                .tls(TlsOptions.builder().caFile(s.caFile()).build()).clientId(s.clientId())
                .version(s.v5() ? MqttVersion.V5 : MqttVersion.V3_1_1).cleanStart(false).sessionExpiry(SESSION_EXPIRY)
                .keepAlive(KEEP_ALIVE).autoReconnect(FIRST_RETRY, LONGEST_RETRY).persistence(s.store()).build());
    }

    @Override
    public void connect() throws Exception {
        client.connect();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos) {
        client.publishAsync(MqttMessage.of(topic, payload, qos == 2 ? Qos.EXACTLY_ONCE : Qos.AT_LEAST_ONCE, false))
                .whenComplete((result, error) -> {
                    if (error != null) failed.incrementAndGet();
                });
    }

    @Override
    public int outstanding() {
        return client.unacknowledged();
    }

    @Override
    public int failed() {
        return failed.get();
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
