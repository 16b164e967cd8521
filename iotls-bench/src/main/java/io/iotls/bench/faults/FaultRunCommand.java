package io.iotls.bench.faults;

import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./iotls bench faults}: the full fault run of issue 13 for iotls, Eclipse Paho 1.2.5 and the HiveMQ client 1.4.2,
 * one after the other against the same timeline, written as a markdown table (into docs/reliability.md with --update).
 */
@Command(name = "faults", mixinStandardHelpOptions = true, description = "Numbered QoS 1 and QoS 2 streams from iotls, Paho and "
        + "the HiveMQ client to mosquitto over TLS, through link resets, a stall, a SIGKILL of the publisher and three broker "
        + "restarts; counts lost and doubled messages, connections and publisher heap, side by side.")
public final class FaultRunCommand implements Callable<Integer> {
    static final String BEGIN = "<!-- fault-run: begin (written by ./iotls bench faults --update) -->";
    static final String END = "<!-- fault-run: end -->";

    @Option(names = "--messages", defaultValue = "20000", description = "Numbers per stream: this many QoS 1 and as many QoS 2 messages (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--stall", defaultValue = "30s", converter = DurationConverter.class, description = "How long the link stalls (default ${DEFAULT-VALUE}).")
    Duration stall;

    @Option(names = "--gap", defaultValue = "2s", converter = DurationConverter.class, description = "At least this long between two faults (default ${DEFAULT-VALUE}).")
    Duration gap;

    @Option(names = "--clients", split = ",", defaultValue = "iotls,paho,hivemq", description = "Clients to run (default ${DEFAULT-VALUE}).")
    List<String> clients;

    @Option(names = "--versions", split = ",", defaultValue = "311,5", description = "MQTT versions (default ${DEFAULT-VALUE}; Paho runs its mqttv3 client for 311, its mqttv5 client for 5).")
    List<String> versions;

    @Option(names = "--update", description = "Replace the fault-run section of this markdown file (e.g. docs/reliability.md) with the report.")
    Path update;

    @Override
    public Integer call() throws Exception {
        // the subscriber reconnects after each broker restart, as expected: errors only
        System.setProperty("org.slf4j.simpleLogger.log.io.iotls", "error");
        PrintWriter console = new PrintWriter(System.out, true);
        Path pkiFolder = TempFiles.directory("iotls-faults-pki");
        List<FaultRun.Result> results = new ArrayList<>();
        try {
            FaultRun run = new FaultRun(TestPki.create(pkiFolder), messages, stall, gap, console);
            for (String client : clients) {
                for (String version : versions) {
                    console.printf("%s MQTT %s:", client, version.equals("5") ? "5" : "3.1.1");
                    console.flush();
                    FaultRun.Result r = run.run(client, version);
                    console.printf(" ... %d s: lost QoS 1 %d, QoS 2 %d; QoS 2 twice %d; %d connections%n", r.took().toSeconds(),
                            r.lostQos1().size(), r.lostQos2().size(), r.twiceQos2().size(), r.connections());
                    results.add(r);
                }
            }
        } finally {
            TempFiles.deleteQuietly(pkiFolder);
        }
        String report = ReliabilityReport.markdown(results, messages, stall, gap);
        console.println();
        console.println(report);
        if (update != null) {
            String doc = Files.readString(update);
            int b = doc.indexOf(BEGIN);
            int e = doc.indexOf(END);
            if (b < 0 || e < b) {
                System.err.println("iotls bench faults: " + update + " has no section between " + BEGIN + " and " + END);
                return 1;
            }
            Files.writeString(update, doc.substring(0, b) + BEGIN + "\n" + report + END + doc.substring(e + END.length()));
            console.println("written to " + update);
        }
        return 0;
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            if (text.endsWith("ms")) return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            if (text.endsWith("s")) return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            if (text.endsWith("m")) return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not a duration such as 30s, 500ms or 2m");
        }
    }
}
