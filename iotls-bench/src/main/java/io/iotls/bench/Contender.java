package io.iotls.bench;

import java.util.concurrent.CompletableFuture;

/** One MQTT client implementation under test, behind the same small interface. Connects may come from several threads. */
interface Contender {
    String name();

    /** Whether this client can connect this way at all (only iotls has TLS-PSK: JSSE has no PSK cipher suites). */
    default boolean supports(Target target) {
        return !target.psk() && !target.webSocket();
    }

    /** TLS handshake and MQTT 3.1.1 CONNECT/CONNACK. */
    Session connect(Target target, String clientId) throws Exception;

    interface Session extends AutoCloseable {
        /** Completes when written (QoS 0) or acknowledged (QoS 1). */
        CompletableFuture<?> publish(String topic, byte[] payload, int qos) throws Exception;

        /** Subscribes at QoS 0 and returns once the broker acknowledged it; {@code onMessage} runs for every message. */
        void subscribe(String filter, Runnable onMessage) throws Exception;

        @Override
        void close() throws Exception;
    }
}
