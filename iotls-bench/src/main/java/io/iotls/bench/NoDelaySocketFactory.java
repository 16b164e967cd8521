package io.iotls.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Paho 1.2.5 leaves Nagle's algorithm on, which costs it ~200-300 ms per CONNECT on Linux (a small write waiting for a
 * delayed ACK). Every other contender uses TCP_NODELAY, so Paho gets it too through its socket factory: we measure
 * the client at its best, not its default.
 */
final class NoDelaySocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    NoDelaySocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    private static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }

    @Override public String[] getDefaultCipherSuites() { return delegate.getDefaultCipherSuites(); }
    @Override public String[] getSupportedCipherSuites() { return delegate.getSupportedCipherSuites(); }
    @Override public Socket createSocket() throws IOException { return noDelay(delegate.createSocket()); }
    @Override public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return noDelay(delegate.createSocket(s, host, port, autoClose));
    }
    @Override public Socket createSocket(String host, int port) throws IOException { return noDelay(delegate.createSocket(host, port)); }
    @Override public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return noDelay(delegate.createSocket(host, port, local, localPort));
    }
    @Override public Socket createSocket(InetAddress host, int port) throws IOException { return noDelay(delegate.createSocket(host, port)); }
    @Override public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        return noDelay(delegate.createSocket(address, port, local, localPort));
    }
}
