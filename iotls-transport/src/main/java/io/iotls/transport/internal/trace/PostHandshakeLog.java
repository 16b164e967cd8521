package io.iotls.transport.internal.trace;

import io.iotls.transport.HandshakeStep;
import io.iotls.transport.TraceEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the TLS layer saw after its handshake, in wire order: tickets, key updates, renegotiation requests and the
 * answers iotls gave. Written by the thread that processes the connection's records, read by anyone: the one lock is
 * this object's. Keeps the newest {@link #KEPT} messages (a peer that floods KeyUpdates cannot grow it).
 */
public final class PostHandshakeLog {
    public static final int KEPT = 32;

    private static final class Entry {
        final HandshakeStep step;
        final List<String> details = new ArrayList<>(2);
        final long micros;

        Entry(HandshakeStep step, long micros) {
            this.step = step;
            this.micros = micros;
        }
    }

    private final long startNanos;
    private ArrayDeque<Entry> entries; // made with the first message: most connections see two tickets or nothing
    private long dropped;

    PostHandshakeLog(long startNanos) {
        this.startNanos = startNanos;
    }

    /** A message received after the handshake. */
    public synchronized void message(HandshakeStep step, String... details) {
        if (entries == null) entries = new ArrayDeque<>(4);
        if (entries.size() == KEPT) {
            entries.removeFirst();
            dropped++;
        }
        Entry e = new Entry(step, (System.nanoTime() - startNanos) / 1000);
        for (String d : details) e.details.add(d.intern());
        entries.addLast(e);
    }

    /** What the newest message carried, or what iotls answered to it. */
    public synchronized void detail(String detail) {
        if (entries == null || entries.isEmpty()) return;
        entries.peekLast().details.add(detail.intern());
    }

    /** The messages kept, oldest first; the first entry says how many older ones were dropped, if any. */
    public synchronized List<TraceEntry> entries() {
        if (entries == null) return List.of();
        List<TraceEntry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) out.add(new TraceEntry(e.step, e.details, e.micros));
        if (dropped > 0) {
            TraceEntry first = out.get(0);
            List<String> details = new ArrayList<>(first.details());
            details.add(0, dropped + " earlier message(s) not kept (the last " + KEPT + " are)");
            out.set(0, new TraceEntry(first.step(), details, first.elapsedMicros()));
        }
        return List.copyOf(out);
    }
}
