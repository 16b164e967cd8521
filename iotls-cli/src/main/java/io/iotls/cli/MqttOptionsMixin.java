package io.iotls.cli;

import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.Qos;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Connection options of pub and sub, with mosquitto_pub/mosquitto_sub's flags. */
final class MqttOptionsMixin {
    @Option(names = "-h", paramLabel = "HOST", defaultValue = "localhost", description = "Broker host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "-p", paramLabel = "PORT", description = "Broker port (default 1883, or 8883 with TLS options).")
    Integer port;

    @Option(names = "-i", paramLabel = "ID", description = "Client id (default: generated).")
    String clientId = "";

    @Option(names = "-u", paramLabel = "USER", description = "User name.")
    String username;

    @Option(names = "-P", paramLabel = "PASSWORD", description = "Password (needs -u).")
    String password;

    @Option(names = "-k", paramLabel = "SECONDS", defaultValue = "60", description = "Keep-alive in seconds (default ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "-V", paramLabel = "VERSION", defaultValue = "311", description = "MQTT version: 5, 311, mqttv5 or mqttv311 (default ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "-c", description = "Disable clean session / clean start: keep the session (with MQTT 5 for 1 hour).")
    boolean keepSession;

    @Option(names = "-d", description = "Debug: print the client's connection events (connected, disconnected and why,"
            + " reconnect scheduled) and its log to stderr.")
    boolean debug;

    @Option(names = "--trace", description = "Print the TLS handshake trace to stderr before the messages.")
    boolean trace;

    @Option(names = "--will-topic", paramLabel = "TOPIC", description = "Topic of the will, published if we vanish without DISCONNECT.")
    String willTopic;

    @Option(names = "--will-payload", paramLabel = "TEXT", description = "Payload of the will.")
    String willPayload = "";

    @Option(names = "--will-qos", paramLabel = "QOS", defaultValue = "0", description = "QoS of the will.")
    int willQos;

    @Option(names = "--will-retain", description = "Retain the will.")
    boolean willRetain;

    MqttClientOptions toOptions(TlsOptionsMixin tls) {
        return toOptions(tls, false, null);
    }

    /**
     * @param reconnect reconnect after a lost connection as mosquitto_sub and {@code mosquitto_pub -l} do (after 1 s,
     *                  backing off to 30 s while the broker stays away)
     * @param err       where {@code -d} prints connection events; null: nowhere
     */
    MqttClientOptions toOptions(TlsOptionsMixin tls, boolean reconnect, java.io.PrintWriter err) {
        if (debug) System.setProperty("org.slf4j.simpleLogger.log.io.iotls", "debug");
        boolean secure = tls.requested();
        int p = port != null ? port : secure ? 8883 : 1883;
        if (p < 1 || p > 65535) throw new IllegalArgumentException("-p " + p + ": a broker's port is 1 to 65535");
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        MqttClientOptions.Builder b = MqttClientOptions.builder((secure ? "mqtts://" : "mqtt://") + hostPart + ":" + p)
                .version(MqttVersion.parse(version)).clientId(clientId).keepAlive(Duration.ofSeconds(keepAlive))
                .connectTimeout(Duration.ofSeconds(tls.timeoutSeconds));
        if (secure) b.tls(tls.toOptions());
        if (reconnect) b.autoReconnect(Duration.ofSeconds(1), Duration.ofSeconds(30));
        if (debug && err != null) b.lifecycleListener(new LifecyclePrinter(err));
        if (keepSession) {
            if (clientId.isEmpty()) throw new IllegalArgumentException("-c needs a client id (-i): a kept session belongs to an id");
            b.cleanStart(false).sessionExpiry(Duration.ofHours(1));
        }
        if (password != null && username == null) throw new IllegalArgumentException("-P needs -u");
        if (username != null) b.credentials(username, password);
        if (willTopic != null) {
            b.will(MqttMessage.of(willTopic, willPayload.getBytes(StandardCharsets.UTF_8), Qos.of(willQos), willRetain));
        }
        return b.build();
    }
}
