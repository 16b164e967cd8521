package io.iotls.bench.faults;

import io.iotls.mqtt.MqttClient;
import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.Qos;
import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.TcpProxy;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import io.iotls.transport.TlsOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One client through the fault timeline: a fresh mosquitto (TLS, persistence on, otherwise its defaults), a TCP proxy
 * in front of it for the publisher, an iotls MQTT 5 subscriber with a persistent session directly on the broker, and the
 * publisher in a child JVM. The publisher is paced by the subscriber ({@link #AHEAD} numbers ahead at most), so that
 * mosquitto's queue for the subscriber (1,000 messages) never overflows and only the faults act.
 */
final class FaultRun {
    /**
     * Numbers (two messages each) the publisher may be ahead of the subscriber: 600 messages, and 750 right after the
     * publisher's restart (see {@link Pacer#follow}), under mosquitto's queue of 1,000.
     */
    static final int AHEAD = 300;
    /**
     * Numbers the publisher takes during the outage before it is killed (two messages each): sent by no one unless the
     * client stored them. Small enough that a restarted publisher's re-sends stay under mosquitto's queue.
     */
    static final int OFFLINE_AT_KILL = 50;
    private static final Duration PROGRESS_BOUND = Duration.ofMinutes(3);

    private final TestPki pki;
    private final int messages;
    private final Duration stall;
    private final Duration gap;
    private final PrintWriter console;

    FaultRun(TestPki pki, int messages, Duration stall, Duration gap, PrintWriter console) {
        this.pki = pki;
        this.messages = messages;
        this.stall = stall;
        this.gap = gap;
        this.console = console;
    }

    /** The timeline: 10 link resets, a stall, a SIGKILL of the publisher, three broker restarts; 15 events. */
    static List<String> timeline() {
        return List.of("cut", "cut", "cut", "stall", "cut", "restart", "cut", "cut", "kill", "cut", "restart", "cut", "cut", "restart", "cut");
    }

    Result run(String client, String version) throws Exception {
        Path folder = TempFiles.directory("iotls-faults-" + client + version + "-");
        String prefix = "faults/" + client + "-" + version;
        String clientId = "pub-" + client + "-" + version;
        StreamTally tally = new StreamTally(messages);
        StringBuilder brokerLog = new StringBuilder();
        List<String> notes = new ArrayList<>();
        long started = System.nanoTime();
        long firstHeap;
        long mostHeap;
        int outstandingAtKill = -1;
        int failed = 0;
        String ending;
        List<PublisherProcess> publishers = new ArrayList<>(); // ended in any case, last of all
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).persistence().start();
             TcpProxy link = TcpProxy.to(broker.address());
             MqttClient subscriber = subscriber(broker, client + version)) {
            subscriber.subscribe(prefix + "/#", Qos.EXACTLY_ONCE, tally::add);
            var setup = new Device.Setup("localhost", link.port(), pki.caFile(), clientId, version, folder.resolve("store"));
            Path errors = folder.resolve("publisher.err");
            PublisherProcess publisher = PublisherProcess.start(client, setup, prefix, 0, messages, errors);
            publishers.add(publisher);
            require(publisher.await(publisher::isConnected, Duration.ofSeconds(30)), "the publisher connected within 30 s", errors);
            Pacer pacer = new Pacer(tally::reach);
            pacer.follow(publisher, 0);
            long lastEvent = System.nanoTime();
            List<String> events = timeline();
            firstHeap = -1;
            mostHeap = 0;
            for (int k = 0; k < events.size(); k++) {
                int mark = (int) ((long) messages * (k + 1) / (events.size() + 1));
                // the publisher may not run past this fault's part of the stream: every fault strikes with traffic on the way
                pacer.cap(mark + AHEAD);
                if (!awaitReach(tally, mark)) {
                    notes.add("stuck before event " + (k + 1) + ": the subscriber had reached " + tally.reach() + " of " + mark);
                    break;
                }
                long wait = gap.toNanos() - (System.nanoTime() - lastEvent);
                if (wait > 0) Thread.sleep(wait / 1_000_000); // the timeline's spacing: a fault's schedule, not a synchronisation
                String event = events.get(k);
                console.printf(" %s", event);
                console.flush();
                switch (event) {
                    case "cut" -> link.cutAll();
                    case "stall" -> {
                        link.congest(true);
                        Thread.sleep(stall.toMillis()); // the fault lasts this long
                        link.congest(false);
                    }
                    case "restart" -> {
                        brokerLog.append(broker.log());
                        broker.restart();
                    }
                    case "kill" -> {
                        // an outage first; then the publisher takes OFFLINE_AT_KILL more numbers, which it cannot send: it
                        // dies holding them (and whatever was in flight at the cut), and only a message store keeps them
                        link.refuse(true);
                        link.cutAll();
                        pacer.hold();
                        PublisherProcess dying = publisher;
                        int allowed = Math.min(dying.creditGiven() + OFFLINE_AT_KILL, messages);
                        dying.credit(allowed);
                        require(dying.await(() -> dying.lastHanded() >= allowed - 1, Duration.ofSeconds(60)),
                                "the publisher took every message it was allowed within 60 s (allowed below " + allowed + ", took up to " + dying.lastHanded() + ")", errors);
                        outstandingAtKill = publisher.outstanding();
                        firstHeap = publisher.firstHeap();
                        mostHeap = publisher.mostHeap();
                        publisher.kill();
                        link.refuse(false);
                        publisher = PublisherProcess.start(client, setup, prefix, allowed, messages, errors);
                        publishers.add(publisher);
                        require(publisher.await(publisher::isConnected, Duration.ofSeconds(30)), "the restarted publisher connected within 30 s", errors);
                        pacer.follow(publisher, allowed);
                    }
                    default -> throw new IllegalStateException(event);
                }
                lastEvent = System.nanoTime();
            }
            pacer.cap(messages);
            PublisherProcess last = publisher;
            if (!last.await(last::handedAll, PROGRESS_BOUND)) {
                notes.add("the publisher handed " + (last.lastHanded() + 1) + " of " + messages + " numbers to its client within " + PROGRESS_BOUND.toMinutes() + " min");
            }
            pacer.stop();
            last.finish();
            if (!last.awaitExit(Duration.ofMinutes(3))) notes.add("the publisher did not exit within 3 min after finish: killed");
            ending = last.ending();
            if (ending != null && ending.contains(" failed ")) failed = Integer.parseInt(ending.substring(ending.lastIndexOf(' ') + 1));
            if (firstHeap < 0) firstHeap = last.firstHeap();
            mostHeap = Math.max(mostHeap, last.mostHeap());
            awaitAll(tally); // the rest of what the client sent
            brokerLog.append(broker.log());
            keep(brokerLog, client, version);
            long takeovers = brokerLog.toString().lines().filter(l -> l.contains(clientId + " already connected")).count();
            long quota = brokerLog.toString().lines().filter(l -> l.contains("rc151")).count();
            long dropped = brokerLog.toString().lines().filter(l -> l.contains("Outgoing messages are being dropped")).count();
            if (dropped > 0) notes.add("mosquitto dropped " + dropped + " times for the subscriber (max_queued_messages): the subscriber fell behind");
            for (PublisherProcess p : publishers) p.unparsed().forEach(l -> notes.add("the publisher printed: " + l));
            if (tally.strays() > 0) notes.add(tally.strays() + " messages that were not numbers of this run");
            return new Result(client, version, messages, tally.missing(1), tally.missing(2), tally.duplicated(1), tally.duplicated(2),
                    failed, link.connectionsAccepted(), link.connectionsTried(), link.mostConnectionsAtOnce(), takeovers, quota,
                    outstandingAtKill, firstHeap, mostHeap, Duration.ofNanos(System.nanoTime() - started), ending, notes);
        } finally {
            publishers.forEach(PublisherProcess::destroy);
            TempFiles.deleteQuietly(folder);
        }
    }

    private static void require(boolean held, String what, Path errors) throws java.io.IOException {
        if (held) return;
        String tail = java.nio.file.Files.exists(errors) ? java.nio.file.Files.readString(errors) : "";
        throw new IllegalStateException("fault run: not so: " + what + (tail.isBlank() ? "" : "; the publisher's stderr:\n" + tail));
    }

    /** The broker's log of a run, for a reader who wants to see why a client lost what it lost. */
    private void keep(StringBuilder brokerLog, String client, String version) {
        Path dir = Path.of("target", "fault-logs");
        try {
            java.nio.file.Files.createDirectories(dir);
            Path file = dir.resolve(client + "-mqtt" + version + "-mosquitto.log");
            java.nio.file.Files.writeString(file, brokerLog);
            console.printf(" (broker log: %s)", file);
        } catch (java.io.IOException e) {
            console.printf(" (broker log not kept: %s)", e.getMessage());
        }
    }

    /** Waits until the streams reach {@code mark}, at most {@link #PROGRESS_BOUND}. */
    private static boolean awaitReach(StreamTally tally, int mark) throws InterruptedException {
        long deadline = System.nanoTime() + PROGRESS_BOUND.toNanos();
        while (tally.reach() < mark) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20); // a poll of a counter that the subscriber's I/O thread moves, bounded above
        }
        return true;
    }

    /** Waits until every message came, or nothing more came for 20 s (the publisher has exited: what is missing is lost). */
    private static void awaitAll(StreamTally tally) throws InterruptedException {
        int seen = tally.distinct();
        long lastChange = System.nanoTime();
        while (!tally.complete() && System.nanoTime() - lastChange < Duration.ofSeconds(20).toNanos()) {
            Thread.sleep(20); // a poll, as above
            if (tally.distinct() != seen) {
                seen = tally.distinct();
                lastChange = System.nanoTime();
            }
        }
    }

    private MqttClient subscriber(MosquittoBroker broker, String name) throws Exception {
        MqttClient sub = MqttClient.create(MqttClientOptions.builder("mqtts://localhost:" + broker.port())
                .tls(TlsOptions.builder().caFile(pki.caFile()).build()).clientId("count-" + name)
                // clean start 0 from the first connection: mosquitto 2.0.11 keeps only such sessions across a restart
                .version(MqttVersion.V5).cleanStart(false).sessionExpiry(Duration.ofHours(1))
                .autoReconnect(Duration.ofMillis(50), Duration.ofSeconds(1)).handlersOnIoThread(true).build());
        sub.connect();
        return sub;
    }

    /** Gives the publisher credit as the subscriber progresses, every 20 ms, on a thread of its own. */
    private static final class Pacer {
        private final IntSupplier progress;
        private volatile PublisherProcess publisher;
        private volatile boolean held;
        private volatile int floor;
        private volatile int cap = Integer.MAX_VALUE;
        private final Thread thread;

        Pacer(IntSupplier progress) {
            this.progress = progress;
            thread = Thread.ofPlatform().daemon().name("fault-run-pacer").start(this::loop);
        }

        /**
         * Paces a publisher whose first number is {@code first}: at least a quarter of {@link #AHEAD} beyond it, so a
         * restarted one can go on when the messages its predecessor held are lost (they never raise the reach).
         */
        void follow(PublisherProcess p, int first) {
            floor = first + AHEAD / 4;
            publisher = p;
            p.credit(credit());
            held = false;
        }

        /** No credit beyond {@code number} (the floor of a restarted publisher aside). */
        void cap(int number) {
            cap = number;
        }

        private int credit() {
            return Math.max(floor, Math.min(cap, progress.getAsInt() + AHEAD));
        }

        void hold() {
            held = true;
        }

        void stop() {
            thread.interrupt();
        }

        private void loop() {
            while (!Thread.currentThread().isInterrupted()) {
                PublisherProcess p = publisher;
                if (p != null && !held) p.credit(credit());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** What one client's run measured. */
    record Result(String client, String version, int messages, List<Integer> lostQos1, List<Integer> lostQos2, List<Integer> twiceQos1,
                  List<Integer> twiceQos2, int reportedFailed, int connections, int attempts, int mostAtOnce, long takeovers,
                  long quotaRefusals, int unacknowledgedAtKill, long firstHeap, long mostHeap, Duration took, String ending,
                  List<String> notes) {
    }
}
