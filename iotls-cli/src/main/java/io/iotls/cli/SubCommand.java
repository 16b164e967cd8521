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

    @Option(names = "--retained-only", description = "Print only retained messages; exit at the first message that is not.")
    boolean retainedOnly;

    @Option(names = "--remove-retained", description = "Clear each retained message received (publish an empty retained "
            + "message to its topic), as mosquitto_sub; with --retained-only clears what the filters hold and exits.")
    boolean removeRetained;

    @Option(names = "-F", paramLabel = "FORMAT", description = "Print each message in this format, as mosquitto_sub: %%t topic, "
            + "%%p payload, %%l length, %%q QoS, %%r retain, %%x/%%X hex, %%I ISO-8601 time, %%U Unix time, %%j JSON, %%J JSON "
            + "with a JSON payload as an object, MQTT 5 %%C %%D %%E %%F %%R %%P, %%%%; @Y @m @d @H @M @S @s time fields; "
            + "\\n \\t escapes; printf widths (%%-10t).")
    String format;

    @Option(names = "--pretty", description = "With %%j/%%J: print the JSON indented.")
    boolean pretty;

    @Option(names = "-N", description = "Do not add an end of line after each message.")
    boolean noEndOfLine;

    @Option(names = "-E", description = "Exit once the subscriptions are acknowledged (with -c: sets up a persistent session).")
    boolean exitAfterSubscribe;

    @Option(names = "-T", paramLabel = "FILTER", description = "Do not print messages whose topic matches this filter; repeatable.")
    List<String> filterOut = new java.util.ArrayList<>();

    @Option(names = "-U", paramLabel = "FILTER", description = "Unsubscribe from this filter after connecting (for a kept "
            + "session, -c); repeatable; alone, without -t, only unsubscribes and exits.")
    List<String> unsubscribe = new java.util.ArrayList<>();

    @Option(names = "--retain-as-published", description = "MQTT 5: keep the retain flag of messages as published (not only on retained ones).")
    boolean retainAsPublished;

    @Option(names = "--retain-handling", paramLabel = "always|new|never", description = "MQTT 5: when the broker sends retained messages "
            + "for a subscription: always (default), only when the subscription is new, or never.")
    String retainHandling;

    @Option(names = "--random-filter", paramLabel = "CHANCE", description = "Print a message with this chance in percent (0.1 to 100).")
    Double randomFilter;

    @Mixin MqttOptionsMixin mqtt;
    @Mixin TlsOptionsMixin tls;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = mqtt.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getErr();
        if (filters.isEmpty() && mqtt.urlTopic().isPresent()) filters.add(mqtt.urlTopic().get());
        if (filters.isEmpty() && unsubscribe.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '-t=FILTER' (or a topic in -L mqtt://host/topic, or -U)");
        }
        if (randomFilter != null && (randomFilter < 0.1 || randomFilter > 100)) {
            throw new IllegalArgumentException("--random-filter " + randomFilter + ": the chance is 0.1 to 100 (percent)");
        }
        if (noRetained && retainedOnly) throw new IllegalArgumentException("-R and --retained-only exclude each other");
        retainHandlingCode(); // a bad value is a usage error before connecting
        if ((retainAsPublished || retainHandling != null) && io.iotls.mqtt.MqttVersion.parse(mqtt.version) != io.iotls.mqtt.MqttVersion.V5) {
            throw new IllegalArgumentException("--retain-as-published and --retain-handling are MQTT 5 subscription options; add -V 5");
        }
        for (String f : filterOut) io.iotls.mqtt.TopicFilter.check(f);
        output = format == null ? null : new OutputFormat(format, pretty);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        try (MqttClient client = MqttClient.create(mqtt.toOptions(tls, true, err, out))) {
            int failed = MqttExit.connect(client, mqtt.trace, err);
            if (failed >= 0) return failed;
            this.client = client;
            for (String filter : unsubscribe) client.unsubscribe(filter);
            if (filters.isEmpty() || exitAfterSubscribe) {
                for (String filter : filters) client.subscribe(filter, Qos.of(qos), m -> { });
                client.disconnect();
                return 0;
            }
            for (String filter : filters) {
                SubscribeResult r = subscribe(client, filter, out, seen, done);
                if (!r.allGranted()) {
                    err.println("Error: the broker refused the subscription to '" + filter + "' (code 0x"
                            + Integer.toHexString(r.reasonCodes().get(0)) + ")");
                    return 1;
                }
            }
            boolean reached = timeoutSeconds == null ? awaitForever(done) : done.await(timeoutSeconds, TimeUnit.SECONDS);
            out.flush();
            try { // --remove-retained: the empty retained messages reach the broker before we go (bounded)
                java.util.concurrent.CompletableFuture.allOf(clearing.toArray(java.util.concurrent.CompletableFuture[]::new))
                        .get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                err.println("Error: clearing retained messages did not complete: " + e.getMessage());
            }
            client.disconnect();
            return reached ? 0 : MqttExit.TIMEOUT;
        }
    }

    /** Subscribes with the options given, waiting for SUBACK at most the client's call timeout; failures as the blocking call's. */
    private SubscribeResult subscribe(MqttClient client, String filter, PrintWriter out, AtomicInteger seen, CountDownLatch done)
            throws java.io.IOException, InterruptedException {
        try {
            return client.subscribeAsync(filter, Qos.of(qos), false, retainAsPublished, retainHandlingCode(), m -> print(m, out, seen, done))
                    .get(client.options().callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.io.IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new java.io.IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.io.IOException("no SUBACK for '" + filter + "' within " + client.options().callTimeout().toSeconds() + " s");
        }
    }

    /** MQTT 5 3.8.3.1 Retain Handling: 0 always, 1 if the subscription is new, 2 never. */
    private int retainHandlingCode() {
        if (retainHandling == null) return 0;
        return switch (retainHandling) {
            case "always", "0" -> 0;
            case "new", "1" -> 1;
            case "never", "2" -> 2;
            default -> throw new IllegalArgumentException("--retain-handling " + retainHandling + ": always, new or never");
        };
    }

    private OutputFormat output;
    private volatile MqttClient client;
    private final List<java.util.concurrent.CompletableFuture<?>> clearing = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void print(MqttMessage m, PrintWriter out, AtomicInteger seen, CountDownLatch done) {
        if (retainedOnly && !m.retain()) { // mosquitto_sub: the retained messages came first; the rest is news
            done.countDown();
            return;
        }
        if (removeRetained && m.retain() && m.payloadLength() > 0) {
            clearing.add(client.publishAsync(m.topic(), new byte[0], Qos.AT_LEAST_ONCE, true));
        }
        if (noRetained && m.retain()) return;
        for (String f : filterOut) if (io.iotls.mqtt.TopicFilter.matches(f, m.topic())) return;
        if (randomFilter != null && java.util.concurrent.ThreadLocalRandom.current().nextDouble(100) >= randomFilter) return;
        if (count != null && seen.get() >= count) return;
        String text = output != null ? output.render(m, 0, java.time.Instant.now())
                : verbose ? m.topic() + " " + m.payloadAsString() : m.payloadAsString();
        synchronized (out) {
            out.print(text);
            if (!noEndOfLine) out.println();
            out.flush();
        }
        if (count != null && seen.incrementAndGet() >= count) done.countDown();
    }

    private static boolean awaitForever(CountDownLatch done) throws InterruptedException {
        done.await();
        return true;
    }
}
