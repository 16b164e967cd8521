package io.iotls.transport.internal.trace;

import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.CertificateInfo;
import io.iotls.transport.CipherSuite;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.HandshakeTrace;
import io.iotls.transport.TlsAlert;
import io.iotls.transport.TlsVersion;
import io.iotls.transport.TraceEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records a handshake while Bouncy Castle runs it: a step when a message is sent or received, details as the
 * stack's callbacks see them. Confined to the thread that drives the handshake, then frozen with {@link #snapshot}.
 */
public final class TraceRecorder {
    private static final class Entry {
        final HandshakeStep step;
        final List<String> details = new ArrayList<>();
        final long micros;

        Entry(HandshakeStep step, long micros) {
            this.step = step;
            this.micros = micros;
        }
    }

    private final String peer;
    private final long start = System.nanoTime();
    private final PostHandshakeLog afterHandshake = new PostHandshakeLog(start);
    private List<Entry> entries = new ArrayList<>();
    private List<String> warnings = new ArrayList<>();
    private TlsVersion version;
    private CipherSuite cipherSuite;
    private boolean resumed;
    private List<CertificateInfo> peerChain = List.of();
    private String verdict = "handshake not finished";
    private TlsAlert peerAlert;
    private TlsAlert localAlert;
    private HandshakeStep failedStep;
    private CertificateProblem problem;
    private boolean downgradeSentinel;
    private String unofferedScheme;

    public TraceRecorder(String peer) {
        this.peer = peer;
    }

    /** What comes after the handshake (its own owner and lock: written by the record thread, read by anyone). */
    public PostHandshakeLog afterHandshake() {
        return afterHandshake;
    }

    public void step(HandshakeStep step, String... details) {
        Entry e = new Entry(step, (System.nanoTime() - start) / 1000);
        e.details.addAll(List.of(details));
        entries.add(e);
    }

    /** A handshake message the peer has begun and not finished: its step, the bytes that came and its length. */
    public record PartialMessage(HandshakeStep step, int received, int length) {}

    private PartialMessage partialMessage;

    /** What of the peer's current handshake message has come so far; null once it is whole. */
    public void partialMessage(PartialMessage partial) { partialMessage = partial; }
    public Optional<PartialMessage> partialMessage() { return Optional.ofNullable(partialMessage); }

    /** The server signed with a signature scheme we never offered (its name). */
    public void unofferedScheme(String name) { unofferedScheme = name; }
    public java.util.Optional<String> unofferedScheme() { return java.util.Optional.ofNullable(unofferedScheme); }

    /** The ServerHello's random carries RFC 8446's downgrade sentinel. */
    public void downgradeSentinel() { downgradeSentinel = true; }
    public boolean hasDowngradeSentinel() { return downgradeSentinel; }

    /** Re-labels the latest entry: a message turned out to be another step once parsed (ServerHello as HelloRetryRequest). */
    public void relabelLast(HandshakeStep from, HandshakeStep to) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).step == from) {
                Entry old = entries.get(i);
                Entry replaced = new Entry(to, old.micros);
                replaced.details.addAll(old.details);
                entries.set(i, replaced);
                return;
            }
        }
    }

    /** Adds to the latest entry of {@code step}, creating it if the message was not seen yet. */
    public void detail(HandshakeStep step, String detail) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).step == step) {
                entries.get(i).details.add(detail);
                return;
            }
        }
        step(step, detail);
    }

    public boolean has(HandshakeStep step) {
        return entries.stream().anyMatch(e -> e.step == step);
    }

    public Optional<HandshakeStep> lastStep() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1).step);
    }

    public Optional<HandshakeStep> lastStepBy(HandshakeStep.Sender sender) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).step.sender() == sender) return Optional.of(entries.get(i).step);
        }
        return Optional.empty();
    }

    public void warning(String warning) {
        warnings.add(warning);
    }

    public void version(TlsVersion v) { version = v; }
    public Optional<TlsVersion> version() { return Optional.ofNullable(version); }
    public void cipherSuite(CipherSuite s) { cipherSuite = s; }
    public void resumed(boolean r) { resumed = r; }
    public boolean resumed() { return resumed; }

    public void peerChain(List<X509Certificate> chain) {
        peerChain = chain.stream().map(TraceRecorder::describe).toList();
    }

    public void verdict(String v) { verdict = v; }
    public void peerAlert(TlsAlert alert) { if (peerAlert == null) peerAlert = alert; }
    public Optional<TlsAlert> peerAlert() { return Optional.ofNullable(peerAlert); }
    public void localAlert(TlsAlert alert) { if (localAlert == null) localAlert = alert; }
    public Optional<TlsAlert> localAlert() { return Optional.ofNullable(localAlert); }

    /** Our own check failed at {@code step}; the exception BC then throws is explained by this. */
    public void fail(HandshakeStep step, CertificateProblem p) {
        if (problem == null) {
            failedStep = step;
            problem = p;
            detail(step, "REJECTED: " + p.getMessage());
        }
    }

    public Optional<CertificateProblem> problem() { return Optional.ofNullable(problem); }
    public HandshakeStep failedStep() { return failedStep; }

    /**
     * The handshake is settled and its snapshot taken: drop the entries, which the protocol objects would otherwise
     * keep for the life of the connection next to the snapshot.
     */
    public void release() {
        entries = new ArrayList<>(0);
        warnings = new ArrayList<>(0);
        peerChain = List.of();
    }

    /**
     * Traces live as long as their connections, and a gateway's connections to one broker describe the same chain, name
     * and suite: the same certificate is described once, and the detail strings are interned (the JVM's string table
     * holds them weakly), so a thousand connections do not hold a thousand copies.
     */
    private static final java.util.Map<X509Certificate, CertificateInfo> DESCRIBED =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static CertificateInfo describe(X509Certificate c) {
        return DESCRIBED.computeIfAbsent(c, CertificateInfo::of);
    }

    public HandshakeTrace snapshot() {
        List<TraceEntry> frozen = entries.stream()
                .map(e -> new TraceEntry(e.step, e.details.stream().map(String::intern).toList(), e.micros)).toList();
        return new HandshakeTrace(peer, frozen, Optional.ofNullable(version), Optional.ofNullable(cipherSuite), resumed,
                peerChain, verdict, warnings);
    }
}
