package io.iotls.mqtt;

import io.iotls.transport.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A device in a process of its own, for a test to kill with SIGKILL: publishes numbered QoS 1 and QoS 2 messages with
 * a message store, and prints {@code stored N} once message N is in the client (so on disk), {@code idle} once nothing
 * is left unacknowledged.
 * Arguments: broker URI, CA file, client id, store folder, MQTT version (5 or 311), topic, first number, count.
 */
public final class NumberedPublisher {
    private NumberedPublisher() {}

    public static void main(String[] args) throws Exception {
        String topic = args[5];
        int first = Integer.parseInt(args[6]);
        int count = Integer.parseInt(args[7]);
        MqttClient device = MqttClient.create(MqttClientOptions.builder(args[0])
                .tls(TlsOptions.builder().caFile(Path.of(args[1])).build()).clientId(args[2]).persistence(Path.of(args[3]))
                .version(MqttVersion.parse(args[4])).cleanStart(false).sessionExpiry(Duration.ofHours(1))
                .autoReconnect(Duration.ofMillis(50), Duration.ofMillis(500)).build());
        device.connect();
        for (int n = first; n < first + count; n++) {
            device.publishAsync(MqttMessage.of(topic + "/q1/n" + n, Integer.toString(n), Qos.AT_LEAST_ONCE));
            device.publishAsync(MqttMessage.of(topic + "/q2/n" + n, Integer.toString(n), Qos.EXACTLY_ONCE));
            System.out.println("stored " + n);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (device.unacknowledged() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        System.out.println(device.unacknowledged() == 0 ? "idle" : "left " + device.unacknowledged());
        device.close();
    }
}
