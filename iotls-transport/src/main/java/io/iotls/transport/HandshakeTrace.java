package io.iotls.transport;

import java.util.List;
import java.util.Optional;

/**
 * A handshake as it happened on the wire, step by step in the seed's names, with the outcome. Recorded from the
 * real protocol messages as the TLS stack sent and received them, never reconstructed from the result.
 */
public record HandshakeTrace(String peer, List<TraceEntry> entries, Optional<TlsVersion> version,
                             Optional<CipherSuite> cipherSuite, boolean resumed, List<CertificateInfo> peerChain,
                             String verdict, List<String> warnings) {

    public HandshakeTrace {
        entries = List.copyOf(entries);
        peerChain = List.copyOf(peerChain);
        warnings = List.copyOf(warnings);
    }

    /** The steps in order, e.g. {@code [ClientHello, ServerHello, Certificate (server), ...]}. */
    public List<HandshakeStep> steps() {
        return entries.stream().map(TraceEntry::step).toList();
    }

    /** A table for people: step, direction, what was in the message. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append("TLS handshake with ").append(peer).append('\n');
        int width = entries.stream().mapToInt(e -> e.step().toString().length()).max().orElse(10);
        int i = 1;
        for (TraceEntry e : entries) {
            String arrow = e.step().sender() == HandshakeStep.Sender.CLIENT ? "C -> S" : "C <- S";
            String first = e.details().isEmpty() ? "" : e.details().get(0);
            out.append(String.format("%3d  %-" + width + "s  %s  %s%n", i++, e.step(), arrow, first));
            for (String more : e.details().subList(Math.min(1, e.details().size()), e.details().size())) {
                out.append(" ".repeat(5 + width + 10)).append(more).append('\n');
            }
        }
        version.ifPresent(v -> out.append("Negotiated: ").append(v)
                .append(cipherSuite.map(s -> ", " + s.ianaName() + " (" + s.openSslName() + ")").orElse(""))
                .append(resumed ? ", resumed session" : ", full handshake").append('\n'));
        for (String w : warnings) out.append("WARNING: ").append(w).append('\n');
        out.append("Verdict: ").append(verdict).append('\n');
        return out.toString();
    }
}
