package io.iotls.bench.faults;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A publishing device as a plant would configure each client for the fault run: TLS 1.3 to the broker through the
 * proxy, a persistent session, keep-alive {@link #KEEP_ALIVE}, automatic reconnect from {@link #FIRST_RETRY} up to
 * {@link #LONGEST_RETRY}, and the client's own message store where it has one. Each client keeps its default in-flight
 * window.
 */
interface Device extends AutoCloseable {
    Duration KEEP_ALIVE = Duration.ofSeconds(10);
    Duration FIRST_RETRY = Duration.ofSeconds(1);
    Duration LONGEST_RETRY = Duration.ofSeconds(10);
    Duration SESSION_EXPIRY = Duration.ofHours(1);

    /** Where a device connects, and with what. */
    record Setup(String host, int port, Path caFile, String clientId, String version, Path store) {
        boolean v5() {
            return "5".equals(version);
        }
    }

    /** Connects once (the broker is up); from then on the client reconnects by itself. */
    void connect() throws Exception;

    /**
     * Hands one message to the client, returning once the client has taken it (stored, where it has a store); waits
     * where the client's API makes the application wait (a full window).
     */
    void publish(String topic, byte[] payload, int qos) throws Exception;

    /** Messages handed to the client and not acknowledged yet, as far as the application can tell. */
    int outstanding();

    /** Publishes the client reported as failed to the application (a loss it said, not a silent one). */
    int failed();

    /** The JDK's trust managers for the CA file: the JSSE-based clients trust what iotls trusts. */
    static javax.net.ssl.TrustManagerFactory trust(Path caFile) throws Exception {
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        int i = 0;
        for (var c : io.iotls.transport.internal.material.PemMaterial.readCertificates(caFile)) trusted.setCertificateEntry("ca" + i++, c);
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        return tmf;
    }

    static Device create(String client, Setup setup) throws Exception {
        return switch (client) {
            case "iotls" -> new IotlsDevice(setup);
            case "paho" -> setup.v5() ? new PahoV5Device(setup) : new PahoDevice(setup);
            case "hivemq" -> new HiveMqDevice(setup);
            default -> throw new IllegalArgumentException("unknown client " + client + " (iotls, paho, hivemq)");
        };
    }
}
