package io.iotls.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that a test can cut: {@link #cutAll()} drops every connection abruptly (no DISCONNECT,
 * no FIN from the client's side), as a pulled cable or a crashed device would. It also plays an unreachable broker
 * ({@link #refuse}), a dead link ({@link #blackhole}), a congested one ({@link #stall}), and counts the connections a
 * client opens: how many in all, and how many at once at most.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean blackhole;
    private volatile boolean stalled;
    private volatile boolean stalledToServer;
    private volatile boolean congested;
    /** What a congested link reads from a client and holds, at most: enough to see it hang up, too little to absorb a burst. */
    private static final int CONGESTED_HOLD_BYTES = 64 * 1024;
    private volatile boolean corruptToClient;
    private volatile boolean corruptToServer;
    private volatile boolean refusing;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger tried = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();

    private TcpProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        Thread.ofVirtual().name("tcp-proxy-accept").start(this::acceptLoop);
    }

    public static TcpProxy to(InetSocketAddress target) throws IOException {
        return new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                tried.incrementAndGet();
                if (refusing) { // the broker is down: the connection is reset at once
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 5000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                client.setSoTimeout(20); // its reader wakes up to notice the end of a congestion
                sockets.add(client);
                sockets.add(upstream);
                // counted open only once cutAll() can reach it
                accepted.incrementAndGet();
                clients.add(client);
                mostAtOnce.accumulateAndGet(clients.size(), Math::max);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                if (!closed) continue;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean toClient) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buf = new byte[8192];
                java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
                while (true) {
                    while ((stalled || (!toClient && stalledToServer)) && !closed) Thread.sleep(10);
                    if (!congested && held.size() > 0) { // the congestion is over: what it held goes first
                        held.writeTo(out);
                        held.reset();
                    }
                    if (congested && (toClient || held.size() >= CONGESTED_HOLD_BYTES)) {
                        Thread.sleep(10);
                        continue;
                    }
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (java.net.SocketTimeoutException idle) {
                        continue;
                    }
                    if (n < 0) break;
                    if (congested) {
                        held.write(buf, 0, n);
                        continue;
                    }
                    // bytes read while a stall began are held too: nothing passes once stall() has returned
                    while ((stalled || (!toClient && stalledToServer)) && !closed) Thread.sleep(10);
                    if (toClient ? corruptToClient : corruptToServer) {
                        if (toClient) corruptToClient = false;
                        else corruptToServer = false;
                        buf[n - 1] ^= 0x01; // the end of a TLS record: its authentication tag
                    }
                    if (!blackhole) out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // cut or closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
                clients.remove(toClient ? to : from);
            }
        });
    }

    /** While on, every new connection is reset as soon as it is accepted, and nothing reaches the server. */
    public void refuse(boolean on) {
        refusing = on;
    }

    /** Connections forwarded to the server so far (refused ones not counted). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Every TCP connection a client opened to this proxy, refused and unreachable ones included: its connection attempts. */
    public int connectionsTried() {
        return tried.get();
    }

    /** The most client connections that were open through this proxy at the same time. */
    public int mostConnectionsAtOnce() {
        return mostAtOnce.get();
    }

    /** Client connections open now. */
    public int connectionsOpen() {
        return clients.size();
    }

    /** While on, bytes are swallowed in both directions but connections stay open: a dead link that TCP does not see. */
    public void blackhole(boolean on) {
        blackhole = on;
    }

    /** While on, nothing is read: the sender's socket buffers fill up, as on a slow or congested link. */
    public void stall(boolean on) {
        stalled = on;
    }

    /**
     * While on, nothing passes in either direction, as on a congested link; unlike {@link #stall}, up to 64 KiB of what
     * a client sends is read and held, so a client that gives the connection up and closes it is noticed (it no longer
     * counts as open). What was held goes on once the congestion ends.
     */
    public void congest(boolean on) {
        congested = on;
    }

    /** While on, nothing sent by the client is read (the server's sends still arrive): a client whose uplink is full. */
    public void stallToServer(boolean on) {
        stalledToServer = on;
    }

    /** Flips one bit in the next bytes sent to the client: data altered in transit. */
    public void corruptNextToClient() {
        corruptToClient = true;
    }

    /** Flips one bit in the next bytes sent to the server. */
    public void corruptNextToServer() {
        corruptToServer = true;
    }

    /** Drops every open connection with a TCP reset. */
    public void cutAll() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0); // RST, like a crash
            } catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(s);
        }
        sockets.clear();
        clients.clear();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        cutAll();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
