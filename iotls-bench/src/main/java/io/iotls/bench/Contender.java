package io.iotls.bench;

import java.util.concurrent.CompletableFuture;

/** One MQTT client implementation under test, behind the same small interface. */
interface Contender {
    String name();

    /** TLS handshake and MQTT 3.1.1 CONNECT/CONNACK. */
    Session connect(Target target, String clientId) throws Exception;

    interface Session extends AutoCloseable {
        /** Completes when written (QoS 0) or acknowledged (QoS 1). */
        CompletableFuture<?> publish(String topic, byte[] payload, int qos) throws Exception;

        @Override
        void close() throws Exception;
    }
}
