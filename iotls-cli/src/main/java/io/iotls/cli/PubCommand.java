package io.iotls.cli;

import io.iotls.mqtt.MqttClient;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.PublishResult;
import io.iotls.mqtt.Qos;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "pub", sortOptions = false, description = "Publish messages, like mosquitto_pub, over TCP or TLS (any TLS option "
        + "switches to TLS). Exit 0 on success, the CONNACK code if the broker refuses the connection, 1 on other errors.")
final class PubCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help (-h is the host, as in mosquitto_pub).")
    boolean help;

    @Option(names = "-t", paramLabel = "TOPIC", required = true, description = "Topic to publish to.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Payload payload;

    static final class Payload {
        @Option(names = "-m", paramLabel = "MESSAGE", description = "The message.") String message;
        @Option(names = "-f", paramLabel = "FILE", description = "Send the file's contents as one message.") Path file;
        @Option(names = "-l", description = "Send each line of standard input as a message.") boolean lines;
        @Option(names = "-s", description = "Send all of standard input as one message.") boolean stdin;
        @Option(names = "-n", description = "Send an empty (null) message.") boolean empty;
    }

    @Option(names = "-q", paramLabel = "QOS", defaultValue = "0", description = "QoS 0, 1 or 2 (default ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "-r", description = "Retain the message.")
    boolean retain;

    @Mixin MqttOptionsMixin mqtt;
    @Mixin TlsOptionsMixin tls;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Qos q = Qos.of(qos);
        try (MqttClient client = MqttClient.create(mqtt.toOptions(tls, payload.lines, err))) {
            int failed = MqttExit.connect(client, mqtt.trace, err);
            if (failed >= 0) return failed;
            List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
            if (payload.lines) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    acks.add(client.publishAsync(MqttMessage.of(topic, line.getBytes(StandardCharsets.UTF_8), q, retain)));
                }
            } else {
                acks.add(client.publishAsync(MqttMessage.of(topic, body(), q, retain)));
            }
            for (CompletableFuture<PublishResult> ack : acks) {
                try {
                    ack.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    err.println("Error: " + e.getCause().getMessage());
                    return 1;
                }
            }
            client.disconnect();
            return 0;
        }
    }

    private byte[] body() throws IOException {
        if (payload.message != null) return payload.message.getBytes(StandardCharsets.UTF_8);
        if (payload.file != null) return Files.readAllBytes(payload.file);
        if (payload.stdin) return System.in.readAllBytes();
        return new byte[0];
    }
}
