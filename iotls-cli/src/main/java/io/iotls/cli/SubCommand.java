package io.iotls.cli;

import io.iotls.mqtt.MqttClient;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.Qos;
import io.iotls.mqtt.SubscribeResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sub", sortOptions = false, description = "Subscribe and print messages, like mosquitto_sub, over TCP or TLS. "
        + "Exit 0 on success, the CONNACK code if the broker refuses the connection, 27 when -W expires, 1 on other errors.")
final class SubCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help (-h is the host, as in mosquitto_sub).")
    boolean help;

    @Option(names = "-t", paramLabel = "FILTER", description = "Topic filter; repeatable (or the path of -L).")
    List<String> filters = new java.util.ArrayList<>();

    @Option(names = "-q", paramLabel = "QOS", defaultValue = "0", description = "Requested QoS (default ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "-C", paramLabel = "COUNT", description = "Exit after this many messages.")
    Integer count;

    @Option(names = "-W", paramLabel = "SECONDS", description = "Exit (code 27) after this many seconds without reaching -C.")
    Integer timeoutSeconds;

    @Option(names = "-v", description = "Print the topic before each payload.")
    boolean verbose;

    @Option(names = "-R", description = "Do not print retained messages (stale values).")
    boolean noRetained;

    @Mixin MqttOptionsMixin mqtt;
    @Mixin TlsOptionsMixin tls;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (filters.isEmpty()) {
            filters.add(mqtt.urlTopic().orElseThrow(() -> new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '-t=FILTER' (or a topic in -L mqtt://host/topic)")));
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        try (MqttClient client = MqttClient.create(mqtt.toOptions(tls, true, err))) {
            int failed = MqttExit.connect(client, mqtt.trace, err);
            if (failed >= 0) return failed;
            for (String filter : filters) {
                SubscribeResult r = client.subscribe(filter, Qos.of(qos), m -> print(m, out, seen, done));
                if (!r.allGranted()) {
                    err.println("Error: the broker refused the subscription to '" + filter + "' (code 0x"
                            + Integer.toHexString(r.reasonCodes().get(0)) + ")");
                    return 1;
                }
            }
            boolean reached = timeoutSeconds == null ? awaitForever(done) : done.await(timeoutSeconds, TimeUnit.SECONDS);
            out.flush();
            client.disconnect();
            return reached ? 0 : MqttExit.TIMEOUT;
        }
    }

    private void print(MqttMessage m, PrintWriter out, AtomicInteger seen, CountDownLatch done) {
        if (noRetained && m.retain()) return;
        if (count != null && seen.get() >= count) return;
        synchronized (out) {
            out.println(verbose ? m.topic() + " " + m.payloadAsString() : m.payloadAsString());
            out.flush();
        }
        if (count != null && seen.incrementAndGet() >= count) done.countDown();
    }

    private static boolean awaitForever(CountDownLatch done) throws InterruptedException {
        done.await();
        return true;
    }
}
