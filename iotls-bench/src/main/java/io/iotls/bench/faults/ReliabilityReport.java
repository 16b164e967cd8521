package io.iotls.bench.faults;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** The fault run as markdown: one table, iotls and the others side by side, then what each run noticed. */
final class ReliabilityReport {
    private ReliabilityReport() {}

    static String markdown(List<FaultRun.Result> results, int messages, Duration stall, Duration gap) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Run on %s, %d cores, Java %s, `./iotls bench faults --messages %d --stall %ds`: %,d QoS 1 + %,d QoS 2 "
                        + "messages per client over TLS 1.3 to Debian mosquitto (persistence on, defaults otherwise), through a proxy. "
                        + "Timeline (%d events, at least %s apart, spread over the stream): %s.%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), messages, stall.toSeconds(),
                messages, messages, FaultRun.timeline().size(), gap.toMillis() % 1000 == 0 ? gap.toSeconds() + " s" : gap.toMillis() + " ms", String.join(", ", FaultRun.timeline())));
        s.append("| client | MQTT | QoS 1 lost | QoS 2 lost | QoS 2 twice | QoS 1 twice | failures reported | connections (attempts) | at once | takeovers | rc151 | unacked at kill | heap start → most | took |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FaultRun.Result r : results) {
            s.append(String.format("| %s | %s | %d | %d | %d | %d | %d | %d (%d) | %d | %d | %d | %d | %s → %s (%.1fx) | %d s |%n",
                    name(r.client()), r.version().equals("5") ? "5" : "3.1.1", r.lostQos1().size(), r.lostQos2().size(),
                    r.twiceQos2().size(), r.twiceQos1().size(), r.reportedFailed(), r.connections(), r.attempts(), r.mostAtOnce(),
                    r.takeovers(), r.quotaRefusals(), r.unacknowledgedAtKill(), mb(r.firstHeap()), mb(r.mostHeap()),
                    r.firstHeap() > 0 ? (double) r.mostHeap() / r.firstHeap() : 0, r.took().toSeconds()));
        }
        s.append("\n");
        for (FaultRun.Result r : results) {
            StringBuilder d = new StringBuilder();
            if (!r.lostQos1().isEmpty()) d.append(" QoS 1 lost: ").append(first(r.lostQos1())).append('.');
            if (!r.lostQos2().isEmpty()) d.append(" QoS 2 lost: ").append(first(r.lostQos2())).append('.');
            if (!r.twiceQos2().isEmpty()) d.append(" QoS 2 twice: ").append(first(r.twiceQos2())).append('.');
            if (r.ending() == null) d.append(" The publisher did not report its end.");
            else if (r.ending().startsWith("left")) d.append(" The publisher's client still held ").append(r.ending().split(" ")[1])
                    .append(" unacknowledged messages 2 min after it was handed the last.");
            else if (r.ending().startsWith("error")) d.append(" The publisher ended with ").append(r.ending()).append('.');
            for (String n : r.notes()) d.append(' ').append(n).append('.');
            if (!d.isEmpty()) s.append("- ").append(name(r.client())).append(' ').append(r.version().equals("5") ? "5" : "3.1.1").append(':').append(d).append('\n');
        }
        return s.toString();
    }

    private static String name(String client) {
        return switch (client) {
            case "paho" -> "Paho 1.2.5";
            case "hivemq" -> "HiveMQ 1.4.2";
            default -> "iotls";
        };
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format("%.0f MB", bytes / 1e6);
    }

    private static String first(List<Integer> numbers) {
        List<Integer> shown = numbers.subList(0, Math.min(12, numbers.size()));
        return numbers.size() + " (" + shown.toString().replaceAll("[\\[\\]]", "") + (numbers.size() > shown.size() ? ", ..." : "") + ")";
    }
}
