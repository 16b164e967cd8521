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

    @Option(names = "-c", description = "Disable clean session / clean start: keep the session (with MQTT 5 it never expires, "
            + "unless -x says otherwise), as mosquitto's clients do.")
    boolean keepSession;

    @Option(names = "-x", paramLabel = "SECONDS", description = "MQTT 5 session expiry interval: 0 to 4294967294 seconds, or -1, "
            + "4294967295 or \u221e for a session that never expires (default: never with -c, else 0).")
    String sessionExpiry;

    /** MQTT 5 3.1.2.11.2: 0xFFFFFFFF, the session does not expire. */
    static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    /** {@code -x} as mosquitto reads it. */
    static long parseSessionExpiry(String text) {
        String t = text.trim();
        if (t.equals("-1") || t.equals("\u221e") || t.equals("inf")) return NEVER_EXPIRES;
        long seconds;
        try {
            seconds = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-x " + t + ": the session expiry is a number of seconds, or -1 for never");
        }
        if (seconds < 0 || seconds > NEVER_EXPIRES) {
            throw new IllegalArgumentException("-x " + t + ": the session expiry is 0 to 4294967295 seconds, or -1 for never");
        }
        return seconds;
    }

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
        if (tls.proxy != null && !secure) {
            throw new IllegalArgumentException("--proxy tunnels TLS connections (give --cafile, or --psk); plain MQTT through a "
                    + "proxy is not supported yet");
        }
        int p = port != null ? port : secure ? 8883 : 1883;
        if (p < 1 || p > 65535) throw new IllegalArgumentException("-p " + p + ": a broker's port is 1 to 65535");
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        MqttClientOptions.Builder b = MqttClientOptions.builder((secure ? "mqtts://" : "mqtt://") + hostPart + ":" + p)
                .version(MqttVersion.parse(version)).clientId(clientId).keepAlive(Duration.ofSeconds(keepAlive))
                .connectTimeout(Duration.ofSeconds(tls.timeoutSeconds));
        if (secure) b.tls(tls.toOptions());
        if (reconnect) b.autoReconnect(Duration.ofSeconds(1), Duration.ofSeconds(30));
        if (debug && err != null) b.lifecycleListener(new LifecyclePrinter(err));
        long expiry = sessionExpiry != null ? parseSessionExpiry(sessionExpiry) : keepSession ? NEVER_EXPIRES : 0;
        if ((keepSession || expiry > 0) && clientId.isEmpty()) {
            throw new IllegalArgumentException((keepSession ? "-c" : "-x") + " needs a client id (-i): a kept session belongs to an id");
        }
        if (MqttVersion.parse(version) == MqttVersion.V5 && expiry > 0) b.sessionExpiry(Duration.ofSeconds(expiry));
        if (keepSession) {
            b.cleanStart(false);
        }
        if (password != null && username == null) throw new IllegalArgumentException("-P needs -u");
        if (username != null) b.credentials(username, password);
        if (willTopic != null) {
            b.will(MqttMessage.of(willTopic, willPayload.getBytes(StandardCharsets.UTF_8), Qos.of(willQos), willRetain));
        }
        return b.build();
    }
}
