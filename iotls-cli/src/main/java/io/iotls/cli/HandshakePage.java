package io.iotls.cli;

import io.iotls.transport.CertificateInfo;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.HandshakeTrace;
import io.iotls.transport.TraceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code iotls probe --html FILE}: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the
 * handshake as a sequence diagram: a client lane and a broker lane, one arrow per message in wire order, the failing
 * step in red with its reason and hint, and the certificates the broker sent with their dates.
 */
final class HandshakePage {
    private static final int LEFT = 170, RIGHT = 730, TOP = 70, ROW = 46;

    private HandshakePage() {}

    static String html(Probe.Outcome o) {
        List<TraceEntry> entries = new ArrayList<>(o.trace().map(HandshakeTrace::entries).orElse(List.of()));
        Optional<HandshakeException> failure = o.failure();
        int failedAt = -1;
        if (failure.isPresent()) {
            HandshakeStep step = failure.get().step();
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (entries.get(i).step() == step) { failedAt = i; break; }
            }
            if (failedAt < 0) { // the failure's own step never reached the wire: draw it
                entries.add(new TraceEntry(step, List.of(failure.get().reason().summary()), 0));
                failedAt = entries.size() - 1;
            }
        }
        StringBuilder svg = new StringBuilder();
        int height = TOP + ROW * (entries.size() + 1);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"").append(height).append("\" role=\"img\" ")
                .append("aria-label=\"TLS handshake sequence\">\n")
                .append(lane(LEFT, "iotls (client)", height)).append(lane(RIGHT, "broker " + esc(o.target()), height));
        for (int i = 0; i < entries.size(); i++) {
            TraceEntry e = entries.get(i);
            boolean fromClient = e.step().sender() == HandshakeStep.Sender.CLIENT;
            boolean failed = i == failedAt;
            int y = TOP + ROW * (i + 1);
            int x1 = fromClient ? LEFT : RIGHT, x2 = fromClient ? RIGHT : LEFT;
            String cls = failed ? "msg failed" : "msg";
            svg.append("<g class=\"").append(cls).append("\" data-step=\"").append(esc(e.step().toString())).append("\">")
                    .append("<line x1=\"").append(x1).append("\" y1=\"").append(y).append("\" x2=\"").append(x2).append("\" y2=\"").append(y)
                    .append("\" marker-end=\"url(#").append(failed ? "head-failed" : "head").append(")\"/>")
                    .append("<text x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append(y - 8).append("\" text-anchor=\"middle\">")
                    .append(esc(e.step().toString())).append("</text>");
            if (!e.details().isEmpty()) {
                svg.append("<text class=\"detail\" x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append(y + 15)
                        .append("\" text-anchor=\"middle\">").append(esc(shorten(e.details().get(0), 90))).append("</text>");
            }
            svg.append("</g>\n");
        }
        svg.append("<defs><marker id=\"head\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">")
                .append("<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#333\"/></marker>")
                .append("<marker id=\"head-failed\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">")
                .append("<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#c00\"/></marker></defs></svg>\n");

        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>TLS handshake with ")
                .append(esc(o.target())).append("</title>\n<style>\n")
                .append("body{font:14px/1.4 sans-serif;margin:24px;color:#222}h1{font-size:20px}")
                .append(".lane line{stroke:#888;stroke-dasharray:4 4}.lane text{font-weight:bold}")
                .append(".msg line{stroke:#333;stroke-width:1.5}.msg text{font-size:13px}.msg .detail{fill:#555;font-size:11px}")
                .append(".failed line{stroke:#c00;stroke-width:3}.failed text{fill:#c00;font-weight:bold}")
                .append(".verdict{padding:8px 12px;border-radius:4px;display:inline-block}.ok{background:#e6f4ea}.bad{background:#fde7e7;color:#900}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}")
                .append("</style></head><body>\n<h1>TLS handshake with ").append(esc(o.target())).append("</h1>\n");
        boolean ok = o.exitCode() == ExitCode.OK;
        page.append("<p class=\"verdict ").append(ok ? "ok" : "bad").append("\" id=\"verdict\">")
                .append(esc(o.trace().map(HandshakeTrace::verdict).orElse(ok ? "OK" : "FAILED"))).append("</p>\n");
        o.trace().flatMap(HandshakeTrace::version).ifPresent(v -> page.append("<p>Negotiated: ").append(esc(v.toString()))
                .append(o.trace().flatMap(HandshakeTrace::cipherSuite).map(s -> ", " + esc(s.ianaName())).orElse("")).append("</p>\n"));
        failure.ifPresent(f -> page.append("<div class=\"verdict bad\" id=\"failure\"><b>Failed at ").append(esc(f.step().toString()))
                .append(": ").append(esc(f.reason().summary())).append("</b><br>").append(esc(f.detail()))
                .append(f.alert().map(a -> "<br>TLS alert: " + esc(a.toString()) + (f.alertFromPeer() ? " (from the broker)" : " (sent by us)")).orElse(""))
                .append("<br><i>Hint: ").append(esc(f.hint())).append("</i></div>\n"));
        page.append(svg);
        List<CertificateInfo> chain = o.trace().map(HandshakeTrace::peerChain).orElse(List.of());
        if (!chain.isEmpty()) {
            page.append("<h2>Certificates the broker sent</h2>\n<table id=\"certificates\"><tr><th>#</th><th>subject</th><th>issuer</th>")
                    .append("<th>valid from</th><th>valid to</th></tr>\n");
            for (int i = 0; i < chain.size(); i++) {
                CertificateInfo c = chain.get(i);
                page.append("<tr><td>").append(i).append("</td><td>").append(esc(c.subject())).append("</td><td>").append(esc(c.issuer()))
                        .append("</td><td>").append(c.notBefore()).append("</td><td>").append(c.notAfter()).append("</td></tr>\n");
            }
            page.append("</table>\n");
        }
        if (!o.afterHandshake().isEmpty()) {
            page.append("<h2>After the handshake</h2>\n<table id=\"after-handshake\"><tr><th>message</th><th>from</th><th>what it carried, our answer</th></tr>\n");
            for (io.iotls.transport.TraceEntry e : o.afterHandshake()) {
                page.append("<tr><td>").append(esc(e.step().toString())).append("</td><td>")
                        .append(e.step().sender() == io.iotls.transport.HandshakeStep.Sender.SERVER ? "broker" : "client")
                        .append("</td><td>").append(esc(String.join("; ", e.details()))).append("</td></tr>\n");
            }
            page.append("</table>\n");
        }
        o.trace().ifPresent(t -> t.warnings().forEach(w -> page.append("<p class=\"verdict bad\">Warning: ").append(esc(w)).append("</p>\n")));
        return page.append("<p><small>Made by iotls probe. Steps named as in the TLS 1.2 walk-through; TLS 1.3 messages under their own names.</small></p>\n")
                .append("</body></html>\n").toString();
    }

    private static String lane(int x, String title, int height) {
        return "<g class=\"lane\"><text x=\"" + x + "\" y=\"30\" text-anchor=\"middle\">" + title + "</text><line x1=\"" + x
                + "\" y1=\"40\" x2=\"" + x + "\" y2=\"" + (height - 10) + "\"/></g>\n";
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
