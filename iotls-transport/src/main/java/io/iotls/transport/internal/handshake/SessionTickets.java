package io.iotls.transport.internal.handshake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * The TLS 1.3 tickets a transport holds, per server (host, port and expected name). Each ticket is handed out once;
 * a server sends a few per connection (OpenSSL: two), so a handful are kept, the newest last.
 */
final class SessionTickets {
    static final int PER_SERVER = 4;

    private final Map<String, Deque<SessionTicket>> byServer = new ConcurrentHashMap<>();

    void add(String server, SessionTicket ticket) {
        byServer.compute(server, (k, tickets) -> {
            Deque<SessionTicket> d = tickets == null ? new ArrayDeque<>() : tickets;
            d.addLast(ticket);
            while (d.size() > PER_SERVER) d.removeFirst().wipe();
            return d;
        });
    }

    /** The newest usable ticket for this server whose hash one of the offered suites uses, removed from the store. */
    SessionTicket take(String server, IntPredicate offeredPrf, long nowNanos) {
        SessionTicket[] taken = new SessionTicket[1];
        byServer.computeIfPresent(server, (k, d) -> {
            d.removeIf(t -> {
                if (!t.expired(nowNanos)) return false;
                t.wipe();
                return true;
            });
            for (var it = d.descendingIterator(); it.hasNext(); ) {
                SessionTicket t = it.next();
                if (offeredPrf.test(t.prfAlgorithm())) {
                    it.remove();
                    taken[0] = t;
                    break;
                }
            }
            return d.isEmpty() ? null : d;
        });
        return taken[0];
    }

    int size(String server) {
        Deque<SessionTicket> d = byServer.get(server);
        return d == null ? 0 : d.size();
    }
}
