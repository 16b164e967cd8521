package io.iotls.bench;

import io.iotls.mqtt.MqttClient;
import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.Qos;
import io.iotls.transport.PskKey;
import io.iotls.transport.TlsOptions;
import io.iotls.transport.TlsTransport;
import io.iotls.transport.TlsVersion;
import java.util.concurrent.CompletableFuture;

/** iotls: one TlsTransport (files loaded once) shared by every connection, as a gateway would use it. */
final class IotlsContender implements Contender {
    private final boolean handlersOnIoThread;
    private TlsTransport transport;
    private Target loadedFor;

    /** {@code handlersOnIoThread}: message handlers run on the I/O thread (HiveMQ's way), not the client's handler thread. */
    IotlsContender(boolean handlersOnIoThread) {
        this.handlersOnIoThread = handlersOnIoThread;
    }

    @Override
    public String name() {
        return "iotls";
    }

    @Override
    public boolean supports(Target t) {
        return true;
    }

    private synchronized TlsTransport transport(Target t) throws Exception {
        if (!t.equals(loadedFor)) {
            TlsVersion v = TlsVersion.parse(t.tlsVersion());
            TlsOptions.Builder b = TlsOptions.builder().versions(v, v).sessionResumption(t.resumption());
            if (t.psk()) b.psk(t.pskIdentity(), PskKey.ofHex(t.pskHex()));
            else b.caFile(t.caFile());
            if (t.mutual()) b.clientCertificate(t.clientCert(), t.clientKey(), null);
            transport = TlsTransport.create(b.build());
            loadedFor = t;
        }
        return transport;
    }

    @Override
    public Session connect(Target t, String clientId) throws Exception {
        TlsTransport transport = transport(t);
        String uri = (t.webSocket() ? "wss://" : "mqtts://") + t.host() + ":" + t.port() + (t.webSocket() ? "/mqtt" : "");
        MqttClient client = MqttClient.create(MqttClientOptions.builder(uri)
                .tls(transport).version(MqttVersion.V3_1_1).clientId(clientId)
                .maxInflight(65_535) // as Paho's: the scenario's own window bounds what is in flight (the bench's broker allows it)
                .handlersOnIoThread(handlersOnIoThread).build());
        client.connect();
        return new Session() {
            @Override
            public CompletableFuture<?> publish(String topic, byte[] payload, int qos) {
                return client.publishAsync(topic, payload, Qos.of(qos), false); // no MqttMessage: its payload copy is not needed
            }

            @Override
            public void subscribe(String filter, Runnable onMessage) throws Exception {
                client.subscribe(filter, Qos.AT_MOST_ONCE, m -> onMessage.run());
            }

            @Override
            public void close() throws Exception {
                client.close();
            }
        };
    }
}
