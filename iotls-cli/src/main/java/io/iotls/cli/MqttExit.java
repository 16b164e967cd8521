package io.iotls.cli;

import io.iotls.mqtt.MqttClient;
import io.iotls.mqtt.MqttConnectException;
import io.iotls.transport.HandshakeException;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * How pub and sub connect and end, with mosquitto_pub's and mosquitto_sub's exit codes for the same failures
 * (libmosquitto's MOSQ_ERR_* values; scripts/mosquitto-compat.sh compares them case by case): a CONNACK refusal exits
 * with the CONNACK code; a TLS failure 8; a broker that ends the connection after the handshake (a client
 * certificate it refuses, in TLS 1.3) 7; anything else 1.
 */
final class MqttExit {
    /** A bad command line: mosquitto's clients print their usage and exit 1. */
    static final int USAGE = 1;
    /** MOSQ_ERR_CONN_LOST: the broker ended the connection (a client certificate refused after a TLS 1.3 handshake). */
    static final int CONNECTION_LOST = 7;
    /** MOSQ_ERR_TLS: the TLS handshake failed (broker certificate refused, no common suite, not TLS at all). */
    static final int TLS = 8;
    /** mosquitto's MOSQ_ERR_TIMEOUT, returned by mosquitto_sub -W. */
    static final int TIMEOUT = 27;

    /**
     * The exit code mosquitto_pub gives for the same failure: local files and a TCP connection that never opened 1;
     * a client certificate the broker refused 7; every other failure once TLS began 8.
     */
    static int of(HandshakeException e) {
        if (e.step() == io.iotls.transport.HandshakeStep.SETUP || e.step() == io.iotls.transport.HandshakeStep.TCP_CONNECT) return 1;
        return switch (ExitCode.of(e.reason())) {
            case CLIENT_REJECTED -> CONNECTION_LOST;
            case SETUP -> 1;
            default -> TLS;
        };
    }

    private MqttExit() {}

    /** Connects; on failure prints why to {@code err} and returns the exit code, or -1 when connected. */
    static int connect(MqttClient client, boolean trace, PrintWriter err) {
        try {
            client.connect();
            if (trace) client.handshakeTrace().ifPresent(t -> err.print(t.toTable()));
            return -1;
        } catch (HandshakeException e) {
            e.trace().ifPresent(t -> err.print(t.toTable()));
            err.println("Error: " + HandshakeException.headline(e.step()) + ": " + e.reason().summary());
            err.println("  " + e.detail());
            e.alert().ifPresent(a -> err.println("  TLS alert: " + a + (e.alertFromPeer() ? " (from the broker)" : " (sent by us)")));
            e.likelyCauses().forEach(c -> err.println("  likely: " + c));
            err.println("  Hint: " + e.hint());
            return of(e);
        } catch (MqttConnectException e) {
            if (trace) client.handshakeTrace().ifPresent(t -> err.print(t.toTable()));
            err.println("Connection error: " + e.getMessage());
            return e.connAck().code();
        } catch (IOException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }
}
