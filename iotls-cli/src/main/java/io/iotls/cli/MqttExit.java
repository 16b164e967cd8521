package io.iotls.cli;

import io.iotls.mqtt.MqttClient;
import io.iotls.mqtt.MqttConnectException;
import io.iotls.transport.HandshakeException;
import java.io.IOException;
import java.io.PrintWriter;

/** How pub and sub connect and end, like mosquitto's clients: a CONNACK refusal exits with the CONNACK code. */
final class MqttExit {
    /** mosquitto's MOSQ_ERR_TIMEOUT, returned by mosquitto_sub -W. */
    static final int TIMEOUT = 27;

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
            return 1;
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
