package io.iotls.cli;

import io.iotls.mqtt.MqttLifecycleListener;
import java.io.PrintWriter;

/** {@code -d}: one line on stderr per connection event, as mosquitto's clients print their packets. */
final class LifecyclePrinter implements MqttLifecycleListener {
    private final PrintWriter err;

    LifecyclePrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void connected(Connected e) {
        print("Connected (" + e.connAck().describe() + ", session present " + e.connAck().sessionPresent() + ", attempt "
                + e.attempt() + ", in-flight window " + e.inflightWindow()
                + e.maximumPacketSize().map(m -> ", broker maximum packet size " + m).orElse("") + ")");
    }

    @Override
    public void disconnected(Disconnected e) {
        print("Disconnected: " + e.reason() + e.reasonCode().map(c -> String.format(" (reason code 0x%02X)", c)).orElse("")
                + e.cause().map(c -> ": " + c.getMessage()).orElse("") + (e.reconnecting() ? "; will reconnect" : ""));
    }

    @Override
    public void reconnectScheduled(ReconnectScheduled e) {
        print("Reconnecting in " + e.delay().toMillis() + " ms (attempt " + e.attempt() + ")");
    }

    private void print(String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
