package io.iotls.cli;

import io.iotls.transport.CertificateInfo;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeTrace;
import io.iotls.transport.TraceEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a probe outcome for people (a table in the seed's steps) or machines (one JSON object). */
final class ProbeReport {
    private ProbeReport() {}

    static String text(Probe.Outcome o) {
        StringBuilder out = new StringBuilder();
        o.trace().ifPresent(t -> out.append(t.toTable()));
        o.trace().filter(t -> !t.peerChain().isEmpty()).ifPresent(t -> {
            out.append("Peer certificate chain:\n");
            for (CertificateInfo c : t.peerChain()) out.append("  ").append(c.describe()).append('\n');
        });
        if (!o.afterHandshake().isEmpty()) {
            out.append("After the handshake:\n");
            for (TraceEntry e : o.afterHandshake()) {
                out.append("  ").append(e.step());
                out.append(e.details().isEmpty() ? "" : ": " + String.join("; ", e.details())).append('\n');
            }
        }
        o.applicationData().ifPresent(d -> out.append("ApplicationData: ").append(d).append('\n'));
        o.connAck().ifPresent(a -> out.append(a.version()).append(" CONNACK: ").append(a.describe())
                .append(a.accepted() ? "" : "  -> broker REFUSED the connection").append('\n'));
        o.failure().ifPresent(f -> {
            out.append("FAILED at ").append(f.step()).append(": ").append(f.reason().summary()).append('\n');
            out.append("  ").append(f.detail()).append('\n');
            f.alert().ifPresent(a -> out.append("  TLS alert: ").append(a).append(f.alertFromPeer() ? " (from the peer)" : " (sent by us)").append('\n'));
            if (!f.likelyCauses().isEmpty()) {
                out.append("  Likely causes:\n");
                f.likelyCauses().forEach(c -> out.append("    - ").append(c).append('\n'));
            }
            out.append("  Hint: ").append(f.hint()).append('\n');
        });
        o.otherError().ifPresent(e -> out.append("FAILED: ").append(e).append('\n'));
        out.append("Result: ").append(o.exitCode() == ExitCode.OK ? "OK" : "FAILED").append(" (exit ").append(o.exitCode().code).append(")\n");
        return out.toString();
    }

    static String json(Probe.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", o.target());
        m.put("ok", o.exitCode() == ExitCode.OK);
        m.put("exitCode", o.exitCode().code);
        o.trace().ifPresent(t -> putTrace(m, t));
        o.connAck().ifPresent(a -> {
            Map<String, Object> mqtt = new LinkedHashMap<>();
            mqtt.put("version", a.version().toString());
            mqtt.put("accepted", a.accepted());
            mqtt.put("code", a.code());
            mqtt.put("description", a.describe());
            mqtt.put("sessionPresent", a.sessionPresent());
            m.put("mqtt", mqtt);
        });
        if (!o.afterHandshake().isEmpty()) m.put("afterHandshake", steps(o.afterHandshake()));
        o.applicationData().ifPresent(d -> m.put("applicationData", d));
        o.failure().ifPresent(f -> m.put("failure", failure(f)));
        o.otherError().ifPresent(e -> m.put("error", e));
        return Json.write(m);
    }

    private static List<Object> steps(List<TraceEntry> entries) {
        List<Object> steps = new ArrayList<>();
        for (TraceEntry e : entries) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", e.step().toString());
            s.put("from", e.step().sender().name().toLowerCase(java.util.Locale.ROOT));
            s.put("details", e.details());
            s.put("elapsedMicros", e.elapsedMicros());
            steps.add(s);
        }
        return steps;
    }

    private static void putTrace(Map<String, Object> m, HandshakeTrace t) {
        m.put("version", t.version().map(Object::toString).orElse(null));
        m.put("cipherSuite", t.cipherSuite().map(s -> s.ianaName()).orElse(null));
        m.put("resumed", t.resumed());
        m.put("steps", steps(t.entries()));
        List<Object> chain = new ArrayList<>();
        for (CertificateInfo c : t.peerChain()) {
            Map<String, Object> cert = new LinkedHashMap<>();
            cert.put("subject", c.subject());
            cert.put("issuer", c.issuer());
            cert.put("serial", c.serialHex());
            cert.put("notBefore", c.notBefore().toString());
            cert.put("notAfter", c.notAfter().toString());
            cert.put("sha256", c.sha256Fingerprint());
            chain.add(cert);
        }
        m.put("peerChain", chain);
        m.put("verdict", t.verdict());
        m.put("warnings", t.warnings());
    }

    private static Map<String, Object> failure(HandshakeException f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", f.step().toString());
        m.put("reason", f.reason().name());
        m.put("summary", f.reason().summary());
        m.put("detail", f.detail());
        m.put("alert", f.alert().map(Object::toString).orElse(null));
        m.put("alertFromPeer", f.alert().isPresent() ? f.alertFromPeer() : null);
        m.put("likelyCauses", f.likelyCauses());
        m.put("hint", f.hint());
        return m;
    }
}
