package io.iotls.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * A broker played byte by byte on 127.0.0.1, for protocol faults no real broker commits: a test writes the packets
 * and reads what the client answers. Every read gives up after five seconds with an exception that says so.
 */
final class ScriptedBroker implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 5000;
    private final ServerSocket server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    ScriptedBroker() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setSoTimeout(TIMEOUT_MILLIS);
    }

    String uri() {
        return "mqtt://127.0.0.1:" + server.getLocalPort();
    }

    /** Takes the client's connection and reads its CONNECT. */
    byte[] acceptConnect() throws IOException {
        socket = server.accept();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        byte[] connect = readPacket();
        if ((connect[0] & 0xFF) >> 4 != 1) throw new IOException("expected CONNECT, got packet type " + ((connect[0] & 0xFF) >> 4));
        return connect;
    }

    void write(int... bytes) throws IOException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        out.write(b);
        out.flush();
    }

    /** The next whole packet, fixed header included; null if the client closed the connection first. */
    byte[] readPacket() throws IOException {
        int first = in.read();
        if (first < 0) return null;
        byte[] header = new byte[5];
        header[0] = (byte) first;
        int length = 0;
        int n = 1;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            if (b < 0) throw new IOException("the client closed the connection inside a fixed header");
            header[n++] = (byte) b;
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        byte[] body = in.readNBytes(length);
        byte[] packet = Arrays.copyOf(header, n + body.length);
        System.arraycopy(body, 0, packet, n, body.length);
        return packet;
    }

    /**
     * True if the client sends nothing for {@code time}. A byte that does come is consumed: the caller's test fails
     * anyway then.
     */
    boolean quietFor(java.time.Duration time) throws IOException {
        socket.setSoTimeout((int) time.toMillis());
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException quiet) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    /** Ends the current connection with a reset, as a broker that crashes; the next client may connect. */
    void dropConnection() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) socket.close();
        server.close();
    }
}
