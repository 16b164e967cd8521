package io.iotls.cli;

import io.iotls.mqtt.ConnAck;
import io.iotls.mqtt.MqttConnectCheck;
import io.iotls.mqtt.MqttVersion;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeTrace;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsOptions;
import io.iotls.transport.TlsTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** One probe: TLS handshake, then either MQTT CONNECT/CONNACK or a short wait for a late alert (or an echo). */
final class Probe {
    /** What the probe does after the handshake. */
    enum After { MQTT_CONNECT, WAIT_FOR_LATE_ALERT, ECHO }

    /** @param afterHandshake what the TLS layer received after the handshake while the probe ran (tickets, ...) */
    record Outcome(String target, Optional<HandshakeTrace> trace, Optional<HandshakeException> failure, Optional<ConnAck> connAck,
                   Optional<String> applicationData, Optional<String> otherError, java.util.List<io.iotls.transport.TraceEntry> afterHandshake) {
        Outcome(String target, Optional<HandshakeTrace> trace, Optional<HandshakeException> failure, Optional<ConnAck> connAck,
                Optional<String> applicationData, Optional<String> otherError) {
            this(target, trace, failure, connAck, applicationData, otherError, java.util.List.of());
        }

        ExitCode exitCode() {
            if (failure.isPresent()) return ExitCode.of(failure.get().reason());
            if (otherError.isPresent()) return ExitCode.OTHER;
            if (connAck.isPresent() && !connAck.get().accepted()) return ExitCode.MQTT_REFUSED;
            return ExitCode.OK;
        }
    }

    private Probe() {}

    static Outcome run(String host, int port, TlsOptions options, After after, MqttVersion mqttVersion, String clientId,
                       Duration wait) {
        String target = host + ":" + port;
        TlsTransport transport;
        try {
            transport = TlsTransport.create(options);
        } catch (HandshakeException e) {
            return new Outcome(target, Optional.empty(), Optional.of(e), Optional.empty(), Optional.empty(), Optional.empty());
        }
        return run(transport, host, port, after, mqttVersion, clientId, wait);
    }

    static Outcome run(TlsTransport transport, String host, int port, After after, MqttVersion mqttVersion, String clientId,
                       Duration wait) {
        String target = host + ":" + port;
        HandshakeTrace trace = null;
        try (TlsConnection c = transport.connect(host, port)) {
            trace = c.trace();
            return switch (after) {
                case MQTT_CONNECT -> {
                    ConnAck ack = MqttConnectCheck.connect(c, mqttVersion, clientId, wait);
                    yield new Outcome(target, Optional.of(trace), Optional.empty(), Optional.of(ack), Optional.empty(), Optional.empty(),
                            c.afterHandshake());
                }
                case WAIT_FOR_LATE_ALERT -> {
                    c.awaitLateAlert(wait);
                    yield new Outcome(target, Optional.of(trace), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                            c.afterHandshake());
                }
                case ECHO -> {
                    String sent = "hello from iotls over " + c.version();
                    c.output().write(sent.getBytes(StandardCharsets.UTF_8));
                    c.readTimeout(wait);
                    String back = new String(c.input().readNBytes(sent.length()), StandardCharsets.UTF_8);
                    yield new Outcome(target, Optional.of(trace), Optional.empty(), Optional.empty(),
                            Optional.of("sent '" + sent + "', received '" + back + "'"), Optional.empty(), c.afterHandshake());
                }
            };
        } catch (HandshakeException e) {
            return new Outcome(target, e.trace().or(() -> Optional.empty()), Optional.of(e), Optional.empty(), Optional.empty(),
                    Optional.empty());
        } catch (IOException e) {
            return new Outcome(target, Optional.ofNullable(trace), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of((after == After.MQTT_CONNECT ? "MQTT: " : "") + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + (after == After.MQTT_CONNECT ? " (is this an MQTT broker? use --no-mqtt for a plain TLS peer)" : "")));
        }
    }
}
