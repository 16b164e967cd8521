package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.TcpProxy;
import io.iotls.testkit.TempFiles;
import io.iotls.transport.TlsOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The short fault suite: numbered QoS 1 and QoS 2 streams over TLS to Debian mosquitto in its default configuration
 * (persistence on, so a restart keeps sessions), through a proxy that cuts, stalls and refuses, counted at a subscriber
 * with a persistent session. Nothing may be lost, no QoS 2 message may arrive twice, and the publisher opens about one
 * connection per fault.
 */
class DeliveryUnderFaultsTest extends BrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What a subscriber received, per stream: how often each number came. */
    static final class Tally {
        final ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        private final int expected;
        private int distinct; // guarded by this

        Tally(int expected) {
            this.expected = expected;
        }

        void add(MqttMessage m) {
            String t = m.topic().replaceAll("/n[0-9]+$", "");
            if (seen.computeIfAbsent(t + "#" + m.payloadAsString(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                synchronized (this) {
                    distinct++;
                    notifyAll();
                }
            }
        }

        /** Waits until {@code count} different messages came, at most {@link #WAIT}; false if they did not. */
        synchronized boolean awaitDistinct(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (distinct < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) return false;
                wait(left);
            }
            return true;
        }

        List<Integer> missing(String topic, int count) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < count; i++) if (!seen.containsKey(topic + "#" + i)) out.add(i);
            return out;
        }

        List<Integer> duplicated(String topic, int count) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                AtomicInteger n = seen.get(topic + "#" + i);
                if (n != null && n.get() > 1) out.add(i);
            }
            return out;
        }

        /** Waits until every expected message came once, at most {@link #WAIT}; the assertions then say what is missing. */
        void awaitAll() throws InterruptedException {
            awaitDistinct(expected);
        }
    }

    private MqttClient subscriber(MosquittoBroker broker, String filter, Tally tally) throws Exception {
        MqttClient sub = closeLater(MqttClient.create(MqttClientOptions.builder("mqtts://localhost:" + broker.port())
                .tls(TlsOptions.builder().caFile(pki.caFile()).build()).clientId("counter-" + System.nanoTime() % 100_000)
                // clean start 0 from the first connection: mosquitto 2.0.11 does not keep across a restart the session of
                // a client whose connection began with clean start 1, whatever its session expiry (seen in its log:
                // CONNACK session present 0 after the restart, and the messages released meanwhile had no subscriber)
                .version(MqttVersion.V5).cleanStart(false).sessionExpiry(Duration.ofHours(1))
                .autoReconnect(Duration.ofMillis(50), Duration.ofSeconds(1))
                // a reader thread of its own: the counting never waits behind the publisher's packets on the shared I/O
                // thread, so it keeps up with the broker (mosquitto drops past 1,000 queued for a slow subscriber)
                .sharedIoThread(false)
                .build()));
        sub.connect();
        sub.subscribe(filter, Qos.EXACTLY_ONCE, tally::add);
        return sub;
    }

    private MosquittoBroker tlsBroker() throws Exception {
        return closeLater(MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).persistence().start());
    }

    @ParameterizedTest(name = "MQTT {0}")
    @EnumSource(MqttVersion.class)
    void aBacklogAfterAnOutageIsDeliveredWithinTheBrokersDefaultInflightLimit(MqttVersion version) throws Exception {
        var broker = tlsBroker();
        var link = closeLater(TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port())));
        int count = 5_000;
        Tally tally = new Tally(2 * count);
        String topic = "backlog-" + version;
        subscriber(broker, topic + "/#", tally);
        MqttClient device = closeLater(MqttClient.create(MqttClientOptions.builder("mqtts://localhost:" + link.port())
                .tls(TlsOptions.builder().caFile(pki.caFile()).build()).clientId("backlog-" + version).version(version)
                .autoReconnect(Duration.ofMillis(100), Duration.ofMillis(500)).build()));
        device.connect();
        link.refuse(true); // outage: the link drops and the broker stays unreachable
        link.cutAll();
        List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) { // 10,000 mixed QoS 1 and 2 buffered while offline
            acks.add(device.publishAsync(MqttMessage.of(topic + "/q1", Integer.toString(i), Qos.AT_LEAST_ONCE)));
            acks.add(device.publishAsync(MqttMessage.of(topic + "/q2", Integer.toString(i), Qos.EXACTLY_ONCE)));
        }
        link.refuse(false);
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        tally.awaitAll();
        assertThat(broker.log()).as("mosquitto dropped messages for a slow subscriber: not the publisher's doing")
                .doesNotContain("Outgoing messages are being dropped");
        assertThat(tally.missing(topic + "/q1", count)).as("QoS 1 lost").isEmpty();
        assertThat(tally.missing(topic + "/q2", count)).as("QoS 2 lost").isEmpty();
        assertThat(tally.duplicated(topic + "/q2", count)).as("QoS 2 duplicated").isEmpty();
        assertThat(broker.log()).as("mosquitto refused nothing for its in-flight quota").doesNotContain("rc151");
    }

    @ParameterizedTest(name = "MQTT {0}")
    @EnumSource(MqttVersion.class)
    void numberedStreamsSurviveCutsAStallAnOutageAndABrokerRestart(MqttVersion version) throws Exception {
        var broker = tlsBroker();
        var link = closeLater(TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port())));
        // mosquitto holds at most max_queued_messages (1,000 by default) for a subscriber beyond its 20 in flight, and drops
        // the rest: the publisher is kept at most two blocks (800 messages) ahead of the subscriber, so only the faults act
        int perStep = 200;
        int steps = 6;
        Tally tally = new Tally(2 * perStep * steps);
        String topic = "faults-" + version;
        subscriber(broker, topic + "/#", tally);
        var events = new ConnectionLifecycleTest.Events();
        MqttClient device = closeLater(MqttClient.create(MqttClientOptions.builder("mqtts://localhost:" + link.port())
                .tls(TlsOptions.builder().caFile(pki.caFile()).build()).clientId("faulty-" + version).version(version)
                .cleanStart(false).sessionExpiry(Duration.ofHours(1)).keepAlive(Duration.ofSeconds(1))
                .persistence(TempFiles.directory("faulty-store"))
                .autoReconnect(Duration.ofMillis(50), Duration.ofMillis(500)).lifecycleListener(events).build()));
        device.connect();
        List<Runnable> faults = List.of(
                link::cutAll,
                link::cutAll,
                () -> { // a dead link that TCP does not notice: the keep-alive must
                    link.blackhole(true);
                    awaitLoss(events);
                    link.cutAll();
                    link.blackhole(false);
                },
                () -> { // an outage: connections are refused for a while
                    link.refuse(true);
                    link.cutAll();
                    awaitLoss(events);
                    link.refuse(false);
                },
                () -> {
                    try {
                        broker.restart(); // SIGTERM: mosquitto saves its sessions and comes back on the same port
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                link::cutAll);
        List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
        int n = 0;
        for (Runnable fault : faults) {
            for (int i = 0; i < perStep; i++, n++) {
                acks.add(device.publishAsync(MqttMessage.of(topic + "/q1/n" + n, Integer.toString(n), Qos.AT_LEAST_ONCE)));
                acks.add(device.publishAsync(MqttMessage.of(topic + "/q2/n" + n, Integer.toString(n), Qos.EXACTLY_ONCE)));
            }
            fault.run(); // in the middle of the stream: most of the step is still in flight or buffered
            assertThat(tally.awaitDistinct(n - 2 * perStep)).as("the subscriber received the block before this one within %s", WAIT).isTrue();
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(faults).hasSize(steps);
        tally.awaitAll();
        assertThat(broker.log()).as("mosquitto dropped messages for a slow subscriber: not the publisher's doing")
                .doesNotContain("Outgoing messages are being dropped");
        assertThat(broker.log()).as("mosquitto refused nothing for its in-flight quota").doesNotContain("rc151");
        keepBrokerLogIfAnythingIsMissing(broker, tally, topic, n, version);
        assertThat(tally.missing(topic + "/q1", n)).as("QoS 1 lost").isEmpty();
        assertThat(tally.missing(topic + "/q2", n)).as("QoS 2 lost").isEmpty();
        assertThat(tally.duplicated(topic + "/q2", n)).as("QoS 2 duplicated").isEmpty();
        assertThat(link.mostConnectionsAtOnce()).as("connections open at once").isEqualTo(1);
        // one per fault at most (two faults close together can share a reconnect), and a retry or two where a
        // connection failed right after CONNACK; a storm would be hundreds
        assertThat(device.connections()).as("connections for %d faults", faults.size()).isBetween(2, 2 * faults.size() + 1);
        assertThat(broker.log()).doesNotContain("rc151");
    }

    @ParameterizedTest(name = "MQTT {0}")
    @EnumSource(MqttVersion.class)
    void aPublisherKilledWithSigkillLosesNothingItStored(MqttVersion version) throws Exception {
        var broker = tlsBroker();
        int count = 1_000;
        Tally tally = new Tally(2 * count);
        String topic = "killed-" + version;
        subscriber(broker, topic + "/#", tally);
        java.nio.file.Path store = TempFiles.directory("killed-store");
        String uri = "mqtts://localhost:" + broker.port();
        String v = version == MqttVersion.V5 ? "5" : "311";
        Process first = publisherProcess(uri, "killed-" + v, store, v, topic, 0, count);
        int stored = -1;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("stored ")) stored = Integer.parseInt(line.substring(7));
                if (stored >= count / 2) break; // half the stream is in the client: in flight, buffered, acknowledged
            }
            first.destroyForcibly(); // SIGKILL: no close(), no DISCONNECT, nothing flushed
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("the killed publisher ended within 10 s").isTrue();
        }
        int lastStored = stored;
        assertThat(lastStored).as("the publisher stored half its messages before the kill").isGreaterThanOrEqualTo(count / 2);
        Process second = publisherProcess(uri, "killed-" + v, store, v, topic, count, 0); // restarts on the same store
        String last = new String(second.getInputStream().readAllBytes()).trim();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the restarted publisher ended within 60 s").isTrue();
        assertThat(last).as("the restarted publisher sent everything its store held").endsWith("idle");
        tally.awaitDistinct(2 * (lastStored + 1));
        keepBrokerLogIfAnythingIsMissing(broker, tally, topic, lastStored + 1, version);
        assertThat(tally.missing(topic + "/q1", lastStored + 1)).as("QoS 1 lost of those stored before the kill").isEmpty();
        assertThat(tally.missing(topic + "/q2", lastStored + 1)).as("QoS 2 lost of those stored before the kill").isEmpty();
        assertThat(tally.duplicated(topic + "/q2", count)).as("QoS 2 duplicated").isEmpty();
    }

    /**
     * Everything this test runs with, as a class path for a child JVM: surefire runs the tests on the module path
     * (module-info.java) with the test classes patched into the module, so neither property alone holds them all.
     */
    private static String childClassPath() {
        var parts = new java.util.LinkedHashSet<String>();
        for (String property : new String[] {"java.class.path", "jdk.module.path"}) {
            String value = System.getProperty(property, "");
            if (!value.isEmpty()) parts.addAll(List.of(value.split(java.io.File.pathSeparator)));
        }
        try {
            parts.add(java.nio.file.Path.of(NumberedPublisher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    private static Process publisherProcess(String uri, String clientId, java.nio.file.Path store, String version, String topic,
                                            int first, int count) throws java.io.IOException {
        return new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", childClassPath(), NumberedPublisher.class.getName(), uri, pki.caFile().toString(),
                clientId, store.toString(), version, topic, Integer.toString(first), Integer.toString(count))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * A loss or a QoS 2 duplicate is followed by the broker's log, kept in target/fault-logs: every message has a topic of its own
     * ({@code .../q1/n17}), so the log shows whether mosquitto received and forwarded the missing ones.
     */
    private static void keepBrokerLogIfAnythingIsMissing(MosquittoBroker broker, Tally tally, String topic, int n, MqttVersion version)
            throws java.io.IOException {
        List<Integer> q1 = tally.missing(topic + "/q1", n);
        List<Integer> q2 = tally.missing(topic + "/q2", n);
        List<Integer> twice = tally.duplicated(topic + "/q2", n);
        if (q1.isEmpty() && q2.isEmpty() && twice.isEmpty()) return;
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "fault-logs"));
        java.nio.file.Path file = dir.resolve("mosquitto-" + version + "-" + System.currentTimeMillis() + ".log");
        java.nio.file.Files.writeString(file, "missing QoS 1 " + q1 + ", QoS 2 " + q2 + "; QoS 2 twice " + twice + "\n" + broker.log());
        System.err.println("DeliveryUnderFaultsTest: messages missing or doubled; the broker's log is kept in " + file.toAbsolutePath());
    }

    /** Waits for the device's next lost connection, and says so if it does not come. */
    private static void awaitLoss(ConnectionLifecycleTest.Events events) {
        try {
            events.next(MqttLifecycleListener.Disconnected.class);
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted while waiting for the connection to end", e);
        }
    }
}
