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
        + "switches to TLS). Exit codes as mosquitto_pub's: 0 on success, the CONNACK code if the broker refuses the connection, "
        + "8 when TLS fails, 7 when the broker ends the connection after the handshake, 1 on other errors.")
final class PubCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help (-h is the host, as in mosquitto_pub).")
    boolean help;

    @Option(names = "-t", paramLabel = "TOPIC", description = "Topic to publish to (or the path of -L).")
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

    @Option(names = "--repeat", paramLabel = "COUNT", defaultValue = "1", description = "Publish the message COUNT times (default ${DEFAULT-VALUE}), as mosquitto_pub.")
    int repeat;

    @Option(names = "--repeat-delay", paramLabel = "SECONDS", defaultValue = "0", description = "Wait this long between repeats (fractions allowed; default ${DEFAULT-VALUE}).")
    double repeatDelay;

    @Mixin MqttOptionsMixin mqtt;
    @Mixin TlsOptionsMixin tls;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = mqtt.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getErr();
        if (repeat < 1) throw new IllegalArgumentException("--repeat " + repeat + ": the count is 1 or more");
        if (repeatDelay < 0 || repeatDelay > 86_400) throw new IllegalArgumentException("--repeat-delay " + repeatDelay + ": 0 to 86400 seconds");
        if (topic == null) {
            topic = mqtt.urlTopic().orElseThrow(() -> new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '-t=TOPIC' (or a topic in -L mqtt://host/topic)"));
        }
        Qos q = Qos.of(qos);
        byte[] body;
        try { // before connecting: a message that cannot be read or sent costs no connection
            body = payload.lines ? null : body();
        } catch (UnsendablePayload e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        try (MqttClient client = MqttClient.create(mqtt.toOptions(tls, payload.lines, err, spec.commandLine().getOut()))) {
            int failed = MqttExit.connect(client, mqtt.trace, err);
            if (failed >= 0) return failed;
            List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
            io.iotls.mqtt.MessageProperties properties = mqtt.properties().publishProperties();
            if (payload.lines) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    acks.add(client.publishAsync(new MqttMessage(topic, line.getBytes(StandardCharsets.UTF_8), q, retain, properties)));
                }
            } else {
                for (int i = 0; i < repeat; i++) {
                    if (i > 0 && repeatDelay > 0) Thread.sleep((long) (repeatDelay * 1000)); // the user's pace between repeats
                    acks.add(client.publishAsync(new MqttMessage(topic, body, q, retain, properties)));
                }
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

    /** MQTT's largest remaining length (2^28 - 1); the topic and headers take some of it. mosquitto_pub has the same limit. */
    static final long MAX_PAYLOAD = 268_435_455L;

    /** A message file or input that cannot be sent, in words. */
    static final class UnsendablePayload extends Exception {
        UnsendablePayload(String message) {
            super(message);
        }
    }

    private byte[] body() throws UnsendablePayload {
        if (payload.message != null) return payload.message.getBytes(StandardCharsets.UTF_8);
        if (payload.file != null) return readFile(payload.file);
        if (payload.stdin) {
            try {
                byte[] in = System.in.readNBytes((int) MAX_PAYLOAD + 1); // never more than one message can hold
                if (in.length > MAX_PAYLOAD) {
                    throw new UnsendablePayload("standard input holds more than " + String.format("%,d", MAX_PAYLOAD)
                            + " bytes, the most one MQTT message can carry");
                }
                return in;
            } catch (IOException e) {
                throw new UnsendablePayload("cannot read standard input: " + e.getMessage());
            }
        }
        return new byte[0];
    }

    /** The file's bytes, after its size is checked: a file too big for one message is refused without reading it. */
    static byte[] readFile(Path file) throws UnsendablePayload {
        String what = "the message file " + file;
        try {
            if (!Files.exists(file)) throw new UnsendablePayload("cannot read " + what + ": there is no such file");
            if (Files.isDirectory(file)) throw new UnsendablePayload("cannot read " + what + ": it is a directory");
            if (!Files.isReadable(file)) throw new UnsendablePayload("cannot read " + what + ": permission denied");
            long size = Files.size(file);
            if (size > MAX_PAYLOAD) {
                throw new UnsendablePayload(what + " has " + String.format("%,d", size) + " bytes; one MQTT message carries at most "
                        + String.format("%,d", MAX_PAYLOAD) + " (less its topic and headers)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnsendablePayload("cannot read " + what + ": " + e.getMessage());
        }
    }
}
