package io.iotls.cli;

import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsServerEndpoint;
import io.iotls.transport.TlsServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** An iotls TLS endpoint that forwards each decrypted connection to a plain-TCP broker on loopback. */
final class TlsFront {
    private TlsFront() {}

    static TlsServerEndpoint start(TlsServerOptions options, int brokerPort) throws IOException {
        return TlsServerEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), options,
                connection -> bridge(connection, brokerPort));
    }

    private static void bridge(TlsConnection tls, int brokerPort) throws IOException {
        try (Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort)) {
            broker.setTcpNoDelay(true);
            Thread toClient = Thread.ofVirtual().start(() -> {
                copy(socketIn(broker), tls.output());
                closeQuietly(tls); // the broker closed: the client must learn it now, not at its next keep-alive
            });
            copy(tls.input(), broker.getOutputStream());
            broker.shutdownOutput();
            try {
                toClient.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(TlsConnection tls) {
        try {
            tls.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static InputStream socketIn(Socket s) {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed: the bridge ends
        }
    }
}
