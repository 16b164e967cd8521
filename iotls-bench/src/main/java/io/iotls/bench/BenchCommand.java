package io.iotls.bench;

import io.iotls.testkit.FreePort;
import io.iotls.testkit.KeyType;
import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./iotls bench}: iotls against HiveMQ, Paho and a raw JSSE socket, same mosquitto broker, same PKI, same payloads,
 * contenders alternated round by round; medians of the rounds, printed as a markdown table with ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {io.iotls.bench.faults.FaultRunCommand.class, io.iotls.bench.validation.LimboCommand.class}, description = "Benchmark iotls against Eclipse Paho, the HiveMQ MQTT "
        + "client and a raw JSSE socket on a local mosquitto broker (Debian package mosquitto must be installed).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "3", description = "Rounds per line; the median is reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--quick", description = "A smoke run: tiny counts, one round (checks the harness, not the speed).")
    boolean quick;

    @Option(names = "--idle", split = ",", defaultValue = "1000,10000",
            description = "Idle TLS connections held per client, one line per count (default ${DEFAULT-VALUE}).")
    List<Integer> idleConnections;

    @Option(names = "--out", description = "Also write the markdown report to this file (e.g. docs/benchmarks.md).")
    Path out;

    @Option(names = "--iotls-handlers-on-io-thread", description = "iotls runs message handlers on its I/O thread, as HiveMQ "
            + "does by default (MqttClientOptions.handlersOnIoThread), instead of on the client's handler thread.")
    boolean handlersOnIoThread;

    @Option(names = "--no-warm-up", description = "Skip the warm-up (every client connecting for a few seconds before the "
            + "first line, so that the first line measures compiled code).")
    boolean noWarmUp;

    @Option(names = "--only", split = ",", description = "Run only these groups: handshake, resumed, qos0, qos1, latency, receive, bulk, websocket, idle (default: all).")
    java.util.Set<String> only = new java.util.HashSet<>();

    /**
     * The QoS 1 lines are short (under a second per round) and swing most between rounds, with thread scheduling on a
     * small machine: they take at least {@link #MIN_QOS1_ROUNDS} rounds, so one round's luck does not set the median.
     */
    static final int MIN_QOS1_ROUNDS = 5;

    private int qos1Rounds() {
        return quick ? rounds : Math.max(rounds, MIN_QOS1_ROUNDS);
    }

    private static List<Contender> supporting(List<Contender> all, Target t) {
        return all.stream().filter(c -> c.supports(t)).toList();
    }

    private boolean runs(String group) {
        return only.isEmpty() || only.contains(group);
    }

    private interface Group { void run() throws Exception; }

    /** Runs one group of lines (unless --only leaves it out) and says how long it took. */
    private void group(String name, PrintWriter console, Group lines) throws Exception {
        if (!runs(name)) return;
        long start = System.nanoTime();
        System.out.print(name + " ");
        lines.run();
        console.printf(" %d s%n", Math.round((System.nanoTime() - start) / 1e9));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (quick) rounds = 1;
        int scale = quick ? 100 : 1;
        Duration handshakeTime = quick ? Duration.ofMillis(300) : Duration.ofMillis(1500);
        PrintWriter console = new PrintWriter(System.out, true);
        Path pkiFolder = TempFiles.directory("iotls-bench-pki");
        try {
            return run(console, TestPki.create(pkiFolder), scale, handshakeTime);
        } finally {
            TempFiles.deleteQuietly(pkiFolder); // it holds the test keys; the broker's folder goes when it is closed
        }
    }

    private int run(PrintWriter console, TestPki pki, int scale, Duration handshakeTime) throws Exception {
        pki.write("server-ec", pki.intermediate().server("localhost").keyType(KeyType.EC_P256).names("localhost", "127.0.0.1").issue());
        int ecdsaPort = FreePort.find();
        int mtlsPort = FreePort.find();
        int pskPort = FreePort.find();
        int plainPort = FreePort.find();
        int wssPort = FreePort.find();
        try (MosquittoBroker broker = MosquittoBroker.builder()
                .logTypes("error", "warning", "notice", "information") // mosquitto's default; "all" logs every message
                .tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile())
                .line("max_inflight_messages 0").line("max_queued_messages 0").line("max_connections -1")
                .line("listener " + ecdsaPort + " 127.0.0.1").line("certfile " + pki.file("server-ec.crt"))
                .line("keyfile " + pki.file("server-ec.key"))
                .line("listener " + mtlsPort + " 127.0.0.1").line("cafile " + pki.caFile()).line("certfile " + pki.serverCertFile())
                .line("keyfile " + pki.serverKeyFile()).line("require_certificate true")
                .line("listener " + pskPort + " 127.0.0.1").psk(pki.pskFile(), "iotls-bench")
                .line("listener " + plainPort + " 127.0.0.1")
                .line("listener " + wssPort + " 127.0.0.1").line("protocol websockets").line("socket_domain ipv4")
                .line("cafile " + pki.caFile()).line("certfile " + pki.serverCertFile()).line("keyfile " + pki.serverKeyFile()).start()) {
            Target tls13 = Target.serverAuth("localhost", broker.port(), "TLSv1.3", pki.caFile());
            Target tls13ecdsa = Target.serverAuth("localhost", ecdsaPort, "TLSv1.3", pki.caFile());
            Target tls12 = Target.serverAuth("localhost", broker.port(), "TLSv1.2", pki.caFile());
            Target mtls13 = Target.serverAuth("localhost", mtlsPort, "TLSv1.3", pki.caFile())
                    .withClientCertificate(pki.clientCertFile(), pki.clientKeyFile());
            Target psk13 = Target.serverAuth("localhost", pskPort, "TLSv1.3", null).withPsk(pki.pskIdentity(), pki.pskHex());
            Target wss13 = Target.serverAuth("localhost", wssPort, "TLSv1.3", pki.caFile()).overWebSocket();
            Scenarios s = new Scenarios("127.0.0.1", plainPort, broker.pid());
            List<Contender> all = List.of(new IotlsContender(handlersOnIoThread), new HiveMqContender(), new PahoContender(), new RawJsseContender());
            Report report = new Report(all.stream().map(Contender::name).toList());
            console.println("iotls bench: " + rounds + " round(s), mosquitto pid " + broker.pid() + "; this takes about 8 minutes");

            if (!noWarmUp && (runs("handshake") || runs("resumed"))) {
                // Compiled code first: without this the first line measures the JIT as much as the clients (iotls'
                // handshake runs through Bouncy Castle's Java code, JSSE's partly through JDK code compiled earlier).
                System.out.print("warm-up ");
                long warmStart = System.nanoTime();
                for (Contender c : supporting(all, tls13)) s.handshakesPerSecond(c, tls13, handshakeTime.multipliedBy(2));
                console.printf("%d s%n", Math.round((System.nanoTime() - warmStart) / 1e9));
            }
            group("handshake", console, () -> {
                report.line("TLS 1.3 (RSA server) handshake + CONNECT, sequential (/s)", rounds, supporting(all, tls13),
                        c -> s.handshakesPerSecond(c, tls13, handshakeTime));
                report.line("TLS 1.3 (RSA server) handshake + CONNECT, 8 concurrent (/s)", rounds, supporting(all, tls13),
                        c -> s.handshakesPerSecond(c, tls13, handshakeTime, 8));
                report.line("TLS 1.3 (ECDSA server) handshake + CONNECT, sequential (/s)", rounds, supporting(all, tls13ecdsa),
                        c -> s.handshakesPerSecond(c, tls13ecdsa, handshakeTime));
                report.line("TLS 1.2 ECDHE-RSA handshake + CONNECT, sequential (/s)", rounds, supporting(all, tls12),
                        c -> s.handshakesPerSecond(c, tls12, handshakeTime));
                report.line("mutual TLS 1.3 handshake + CONNECT, sequential (/s)", rounds, supporting(all, mtls13),
                        c -> s.handshakesPerSecond(c, mtls13, handshakeTime));
                report.line("PSK TLS 1.3 (psk_dhe_ke) handshake + CONNECT, sequential (/s)", rounds, supporting(all, psk13),
                        c -> s.handshakesPerSecond(c, psk13, handshakeTime));
            });
            group("resumed", console, () -> {
                IotlsContender iotls = new IotlsContender(handlersOnIoThread);
                Target resumed12 = tls12.withResumption();
                Target resumed13 = tls13.withResumption();
                // JSSE resumes when one SSLContext makes every connection (raw JSSE, Paho); HiveMQ makes a context per client
                report.line("TLS 1.3 (RSA server) resumed handshake + CONNECT, sequential (/s)", rounds, supporting(all, resumed13),
                        c -> s.handshakesPerSecond(c, resumed13, handshakeTime));
                Target resumedMutual = mtls13.withResumption();
                report.line("mutual TLS 1.3 resumed handshake + CONNECT, sequential (/s)", rounds, supporting(all, resumedMutual),
                        c -> s.handshakesPerSecond(c, resumedMutual, handshakeTime));
                report.own("iotls TLS 1.2: resumed vs full handshake (/s)", rounds,
                        () -> s.handshakesPerSecond(iotls, resumed12, handshakeTime), () -> s.handshakesPerSecond(iotls, tls12, handshakeTime));
                report.own("iotls TLS 1.3: resumed (ticket, psk_dhe_ke) vs full handshake (/s)", rounds,
                        () -> s.handshakesPerSecond(iotls, resumed13, handshakeTime), () -> s.handshakesPerSecond(iotls, tls13, handshakeTime));
            });
            group("qos0", console, () -> {
                report.result("QoS 0, 64 B, end to end at a subscriber (msg/s)", rounds, all, c -> s.qos0EndToEnd(c, tls13, 200_000 / scale, 64));
            });
            group("qos1", console, () -> {
                report.result("QoS 1, 64 B, window 10 (msg/s)", qos1Rounds(), all, c -> s.qos1Window(c, tls13, 60_000 / scale, 10, 64));
                report.result("QoS 1, 64 B, window 1000 (msg/s)", qos1Rounds(), all, c -> s.qos1Window(c, tls13, 100_000 / scale, 1000, 64));
            });
            group("latency", console, () -> {
                report.latency("QoS 1, 64 B, one at a time: publish to PUBACK", rounds, all, c -> s.qos1Latency(c, tls13, 5_000 / scale, 64));
            });
            group("receive", console, () -> {
                report.result("QoS 0, 64 B, received as a subscriber (msg/s)", rounds, all, c -> s.receive(c, tls13, 200_000 / scale, 64));
            });
            group("bulk", console, () -> {
                report.result("QoS 0, 16 KiB, end to end (msg/s)", rounds, all, c -> s.qos0EndToEnd(c, tls13, 40_000 / scale, 16 * 1024));
            });
            group("websocket", console, () -> {
                // mosquitto 2.0.11's websockets listener (libwebsockets) is the ceiling here: see docs/performance.md
                report.line("wss:// TLS 1.3 handshake + WebSocket upgrade + CONNECT, sequential (/s)", rounds, supporting(all, wss13),
                        c -> s.handshakesPerSecond(c, wss13, handshakeTime));
                report.result("wss:// QoS 1, 64 B, window 1000 (msg/s)", qos1Rounds(), supporting(all, wss13),
                        c -> s.qos1Window(c, wss13, 20_000 / scale, 1000, 64));
            });
            group("idle", console, () -> {
                for (int wanted : idleConnections) {
                    int held = Math.max(10, wanted / scale);
                    // Paho 1.2.5 connects at ~3/s: it holds at most 100 after 20 to warm up, or the run would take an hour
                    // (see the note in the output); a count it already held is not measured again.
                    report.idle("idle TLS 1.3 connections held", rounds, all, c -> c.name().equals("Paho") ? Math.min(held, 100) : held,
                            (c, n) -> s.idle(c, tls13, n, c.name().equals("Paho") ? 20 : 200));
                }
            });

            String md = report.markdown(Instant.now(), String.join(" ", "./iotls bench", quick ? "--quick" : "--rounds " + rounds,
                    "--idle " + idleConnections.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))) + (only.isEmpty() ? "" : " --only " + String.join(",", only))
                    + (handlersOnIoThread ? " --iotls-handlers-on-io-thread" : "") + (noWarmUp ? " --no-warm-up" : ""), handlersOnIoThread);
            console.println();
            console.print(md);
            console.flush();
            if (out != null) {
                if (out.getParent() != null) Files.createDirectories(out.getParent());
                Files.writeString(out, md);
                console.println("written to " + out);
            }
            return 0;
        }
    }

    /** Collects per-round numbers and renders medians and ratios. */
    static final class Report {
        private final List<String> names;
        private final StringBuilder body = new StringBuilder();
        private final StringBuilder cpu = new StringBuilder();
        private final StringBuilder idle = new StringBuilder();
        private final StringBuilder own = new StringBuilder();
        private final StringBuilder latency = new StringBuilder();

        Report(List<String> names) {
            this.names = names;
        }

        /** One measurement of one contender in one round. */
        interface Run<T> { T run(Contender c) throws Exception; }
        interface IdleLine { Scenarios.Idle run(Contender c, int held) throws Exception; }
        interface Number { double get() throws Exception; }

        /**
         * A warm-up run of every contender (JIT, class loading; not counted), then {@code rounds} rounds with the order
         * rotated each round. Returns each contender's measurements, one per round.
         */
        private static <T> Map<String, List<T>> measure(int rounds, List<Contender> all, Run<T> line) throws Exception {
            Map<String, List<T>> runs = new LinkedHashMap<>();
            for (Contender c : all) line.run(c);
            for (int r = 0; r < rounds; r++) {
                for (Contender c : rotated(all, r)) runs.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(line.run(c));
                System.out.print(".");
            }
            return runs;
        }

        /** The median of one figure of each contender's measurements. */
        private static <T> Map<String, Double> medianOf(Map<String, List<T>> runs, java.util.function.ToDoubleFunction<T> figure) {
            Map<String, Double> m = new LinkedHashMap<>();
            runs.forEach((name, l) -> m.put(name, median(l.stream().map(figure::applyAsDouble).toList())));
            return m;
        }

        void line(String title, int rounds, List<Contender> all, Run<Double> line) throws Exception {
            row(title, medianOf(measure(rounds, all, line), Double::doubleValue));
        }

        void result(String title, int rounds, List<Contender> all, Run<Scenarios.Result> line) throws Exception {
            Map<String, List<Scenarios.Result>> runs = measure(rounds, all, line);
            Map<String, Double> rate = medianOf(runs, Scenarios.Result::perSecond);
            row(title, rate);
            Map<String, Double> j = medianOf(runs, Scenarios.Result::jvmCpuMicrosPerMessage);
            Map<String, Double> b = medianOf(runs, Scenarios.Result::brokerCpuMicrosPerMessage);
            Map<String, Double> l = medianOf(runs, r -> r.sent() - r.received());
            cpu.append("| ").append(title).append(" |");
            for (String n : names) {
                if (!j.containsKey(n)) cpu.append(" n/a |"); // a contender that cannot connect this way
                else cpu.append(String.format(" %.1f / %.1f%s |", j.get(n), b.get(n), l.get(n) > 0 ? " (" + l.get(n).longValue() + " not received)" : ""));
            }
            cpu.append('\n');
        }

        private final Map<String, List<Scenarios.Idle>> idleMeasured = new LinkedHashMap<>();

        /**
         * Rounds alternate the contenders like the other lines; the medians of heap and native are reported. A contender
         * already measured holding the same count (Paho, capped at 100) is reported from that measurement.
         */
        void idle(String title, int rounds, List<Contender> all, java.util.function.ToIntFunction<Contender> held, IdleLine line)
                throws Exception {
            Map<String, List<Scenarios.Idle>> runs = new LinkedHashMap<>();
            for (Contender c : all) {
                List<Scenarios.Idle> earlier = idleMeasured.get(c.name() + "/" + held.applyAsInt(c));
                if (earlier != null) runs.put(c.name(), earlier);
            }
            for (int r = 0; r < rounds; r++) {
                List<Contender> order = new ArrayList<>(all);
                if (r % 2 == 1) java.util.Collections.reverse(order);
                for (Contender c : order) {
                    String key = c.name() + "/" + held.applyAsInt(c);
                    if (idleMeasured.containsKey(key)) continue;
                    runs.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(line.run(c, held.applyAsInt(c)));
                    System.out.print(".");
                }
            }
            for (Contender c : all) idleMeasured.putIfAbsent(c.name() + "/" + held.applyAsInt(c), runs.get(c.name()));
            for (Contender c : all) {
                List<Scenarios.Idle> l = runs.get(c.name());
                idle.append(String.format("| %s | %s | %d | %.1f KiB | %.1f KiB | %.3f |%n", title, c.name(), l.get(0).connections(),
                        median(l.stream().map(i -> i.heapBytesPerConnection() / 1024).toList()),
                        median(l.stream().map(i -> i.nativeBytesPerConnection() / 1024).toList()),
                        median(l.stream().map(Scenarios.Idle::platformThreadsPerConnection).toList())));
            }
        }

        void own(String title, int rounds, Number a, Number b) throws Exception {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) { x.add(a.get()); y.add(b.get()); } else { y.add(b.get()); x.add(a.get()); }
            }
            double mx = median(x);
            double my = median(y);
            own.append(String.format("| %s | %.0f | %.0f | %.2fx |%n", title, mx, my, mx / my));
        }

        /** One row; a contender that cannot connect this way (no PSK in JSSE) shows "n/a". */
        private void row(String title, Map<String, Double> m) {
            body.append("| ").append(title).append(" |");
            for (String n : names) body.append(m.containsKey(n) ? String.format(" %.0f |", m.get(n)) : " n/a |");
            for (String other : List.of("HiveMQ", "Paho", "raw JSSE")) {
                body.append(m.containsKey(other) ? String.format(" %.2fx |", m.get("iotls") / m.get(other)) : " n/a |");
            }
            body.append('\n');
        }

        /** Latency: medians over the rounds of each round's p50 and p99; the ratio is the competitor's time over iotls'. */
        void latency(String title, int rounds, List<Contender> all, Run<Scenarios.Latency> line) throws Exception {
            Map<String, List<Scenarios.Latency>> runs = measure(rounds, all, line);
            Map<String, Double> a = medianOf(runs, Scenarios.Latency::p50Micros);
            Map<String, Double> b = medianOf(runs, Scenarios.Latency::p99Micros);
            latency.append("| ").append(title).append(" |");
            for (String n : names) latency.append(String.format(" %.0f / %.0f |", a.get(n), b.get(n)));
            for (String other : List.of("HiveMQ", "Paho", "raw JSSE")) {
                latency.append(String.format(" %.2fx / %.2fx |", a.get(other) / a.get("iotls"), b.get(other) / b.get("iotls")));
            }
            latency.append('\n');
        }

        private static List<Contender> rotated(List<Contender> all, int round) {
            List<Contender> l = new ArrayList<>(all);
            java.util.Collections.rotate(l, round);
            return l;
        }

        private static double median(List<Double> v) {
            double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(a);
            return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
        }

        String markdown(Instant when, String command, boolean handlersOnIoThread) {
            StringBuilder s = new StringBuilder();
            s.append("# iotls benchmark\n\n");
            s.append("Run ").append(when).append(" with `").append(command).append("` on ").append(Runtime.getRuntime().availableProcessors())
                    .append(" cores, Java ").append(System.getProperty("java.version")).append(", Debian mosquitto on loopback. ")
                    .append("Medians of the rounds (the QoS 1 lines: at least " + MIN_QOS1_ROUNDS + "); contenders alternated round by round; MQTT 3.1.1 for all.\n\n");
            s.append("| line | ").append(String.join(" | ", names)).append(" | iotls/HiveMQ | iotls/Paho | iotls/raw |\n");
            s.append("|---|").append("---:|".repeat(names.size() + 3)).append('\n').append(body).append('\n');
            s.append("PSK: JSSE has no TLS-PSK cipher suites, so HiveMQ, Paho and raw JSSE cannot connect that way (n/a).\n"
                    + "Resumed: each client resumes the session (TLS 1.2) or ticket (TLS 1.3) of its last connection; raw JSSE and Paho\n"
                    + "through one SSLContext for all their connections. HiveMQ builds an SSL context per client and cannot (n/a).\n\n");
            s.append("Message handlers (the subscribing lines count in one): HiveMQ runs them on its Netty I/O thread (its default),\n"
                    + "Paho on its callback thread, iotls " + (handlersOnIoThread ? "on its I/O thread (--iotls-handlers-on-io-thread)"
                    : "on the client's handler thread (its default; --iotls-handlers-on-io-thread runs them on the I/O thread)") + ".\n\n");
            s.append("CPU per message, microseconds: this JVM / mosquitto. Publishing lines: the publishing client alone (the QoS 0\n"
                    + "subscriber is mosquitto_sub, outside the JVM). Receiving line: the subscribing client alone (the publisher is\n"
                    + "mosquitto_pub --repeat, outside the JVM).\n\n");
            s.append("| line | ").append(String.join(" | ", names)).append(" |\n|---|").append("---:|".repeat(names.size())).append('\n')
                    .append(cpu).append('\n');
            s.append("Latency, microseconds, p50 / p99 (lower is better); the ratio columns are the competitor's time over iotls'\n\n");
            s.append("| line | ").append(String.join(" | ", names)).append(" | HiveMQ/iotls | Paho/iotls | raw/iotls |\n|---|")
                    .append("---:|".repeat(names.size() + 3)).append('\n').append(latency).append('\n');
            s.append("Idle connections: the cost of one more, measured between half and all of them held (after GC). Native: resident\n"
                    + "memory outside the Java heap's mapping (thread stacks, direct buffers, malloc). Paho holds 100: each of its connects\n"
                    + "takes ~300 ms, as CommsReceiver, CommsSender and CommsCallback.start() each poll with Thread.sleep(100) until their\n"
                    + "thread runs (wall-clock profile); the same shows in its handshake rate.\n\n");
            s.append("| idle connections | client | held | heap per connection | native per connection | platform threads per connection |\n")
                    .append("|---|---|---:|---:|---:|---:|\n").append(idle).append('\n');
            s.append("| own comparison | resumed | full | ratio |\n|---|---:|---:|---:|\n").append(own).append('\n');
            s.append("Targets, and what limits the lines that miss theirs (profiles, broker CPU per handshake):\n"
                    + "[performance.md](performance.md). JMH micro-benchmarks: [jmh.md](jmh.md).\n"
                    + "Start-up of one `iotls pub` beside `mosquitto_pub` is measured by `scripts/startup-bench.sh` (not by this\n"
                    + "command); its latest figures, and what stops the 0.3 s goal, are in performance.md, \"Start-up\".\n");
            return s.toString();
        }
    }
}
