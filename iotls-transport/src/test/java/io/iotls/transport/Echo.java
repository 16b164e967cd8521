package io.iotls.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Our own TLS endpoint echoing what it receives; remembers the server-side handshake failures. */
final class Echo {
    final TlsServerEndpoint endpoint;
    final List<HandshakeException> failures = new CopyOnWriteArrayList<>();
    /** The server side of each connection, as the handler got it. */
    final List<TlsConnection> connections = new CopyOnWriteArrayList<>();

    private Echo(TlsServerOptions options) throws IOException {
        endpoint = TlsServerEndpoint.start(new InetSocketAddress("127.0.0.1", 0), options, new TlsServerEndpoint.Handler() {
            @Override
            public void handle(TlsConnection connection) throws IOException {
                connections.add(connection);
                connection.input().transferTo(connection.output());
            }

            @Override
            public void onHandshakeFailure(HandshakeException failure) {
                failures.add(failure);
            }
        });
    }

    /** The first server-side handshake failure; the server records it just after sending its alert, so wait. */
    HandshakeException awaitFailure() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (failures.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        if (failures.isEmpty()) throw new AssertionError("the server recorded no handshake failure within 5 s");
        return failures.get(0);
    }

    /** The server side's log after the handshake, once it holds a message of {@code step} (waits at most 5 s). */
    List<TraceEntry> awaitAfterHandshake(HandshakeStep step) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!connections.isEmpty()) {
                List<TraceEntry> log = connections.get(0).afterHandshake();
                if (log.stream().anyMatch(e -> e.step() == step && e.details().size() > 1)) return log; // the message and our answer
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the server logged no " + step + " with its answer within 5 s: "
                + (connections.isEmpty() ? "no connection" : connections.get(0).afterHandshake()));
    }

    static Echo start(TlsServerOptions options) throws IOException {
        return new Echo(options);
    }

    int port() {
        return endpoint.port();
    }

    /** Writes a line and reads it back: proves application data flows both ways. */
    static String roundTrip(TlsConnection c, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        c.output().write(out);
        byte[] in = c.input().readNBytes(out.length);
        return new String(in, StandardCharsets.UTF_8);
    }

    /** Writes a line to OpenSSL's {@code s_server -rev} and reads its answer: the line reversed. */
    static String reversedByOpenssl(TlsConnection c, String line) throws IOException {
        c.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        c.output().flush();
        return new java.io.BufferedReader(new java.io.InputStreamReader(c.input(), StandardCharsets.UTF_8)).readLine();
    }
}
