package io.iotls.transport.internal.websocket;

import io.iotls.transport.TlsConnection;
import io.iotls.transport.internal.io.LoopSocket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A byte stream carried in WebSocket binary frames over a TCP or TLS connection, after the upgrade: what is written
 * goes out as one masked frame per write, what the broker sends is unframed, from blocking reads or pushed from the
 * shared I/O thread. Pings are answered with pongs at once; the broker's close frame is answered and ends the stream
 * like a closed socket; a framing error ends it with close code 1002. Safe for one reader and any number of writers.
 */
public final class WebSocketStream implements Closeable {
    private static final byte[] EMPTY = new byte[0];
    private static final int NORMAL_CLOSURE = 1000, PROTOCOL_ERROR = 1002;

    /** The connection the frames travel on: the subset of {@link TlsConnection} and {@link LoopSocket} used here. */
    public interface Carrier extends Closeable {
        InputStream input();

        OutputStream output();

        void readTimeout(Duration timeout) throws IOException;

        void awaitWritable() throws IOException;

        boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException;

        void receiving(boolean on);
    }

    private final Carrier carrier;
    private final FrameDecoder decoder = new FrameDecoder();
    private final FrameEncoder encoder = new FrameEncoder();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private volatile boolean closeReceived;
    private final InputStream input = new FrameInput();
    private final OutputStream output = new FrameOutput();

    public WebSocketStream(Carrier carrier) {
        this.carrier = carrier;
    }

    public static Carrier carrier(TlsConnection c) {
        return new Carrier() {
            @Override public InputStream input() { return c.input(); }
            @Override public OutputStream output() { return c.output(); }
            @Override public void readTimeout(Duration timeout) { c.readTimeout(timeout); }
            @Override public void awaitWritable() throws IOException { c.awaitWritable(); }
            @Override public boolean receiveOnIoThread(TlsConnection.Receiver r) throws IOException { return c.receiveOnIoThread(r); }
            @Override public void receiving(boolean on) { c.receiving(on); }
            @Override public void close() throws IOException { c.close(); }
        };
    }

    public static Carrier carrier(LoopSocket s) {
        return new Carrier() {
            @Override public InputStream input() { return s.input(); }
            @Override public OutputStream output() { return s.output(); }
            @Override public void readTimeout(Duration timeout) throws IOException { s.readTimeout(timeout); }
            @Override public void awaitWritable() throws IOException { s.awaitWritable(); }
            @Override public boolean receiveOnIoThread(TlsConnection.Receiver r) throws IOException {
                s.receiveOnIoThread(r);
                return true;
            }
            @Override public void receiving(boolean on) { s.receiving(on); }
            @Override public void close() throws IOException { s.close(); }
        };
    }

    /** Blocking reads of the unframed bytes; only until {@link #receiveOnIoThread}. */
    public InputStream input() { return input; }

    /** Each write is one binary frame. */
    public OutputStream output() { return output; }

    /** {@code head} and {@code body} in one binary frame. */
    public void write(byte[] head, byte[] body) throws IOException {
        carrier.output().write(encoder.frame(FrameDecoder.BINARY, head, body));
    }

    public void readTimeout(Duration timeout) throws IOException { carrier.readTimeout(timeout); }

    public void awaitWritable() throws IOException { carrier.awaitWritable(); }

    public void receiving(boolean on) { carrier.receiving(on); }

    /** From now on, unframed data goes to {@code receiver} from the shared I/O thread (see {@link TlsConnection#receiveOnIoThread}). */
    public boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException {
        return carrier.receiveOnIoThread(new Unframing(receiver));
    }

    /** Sends a close frame (1000, normal closure) unless one was sent, and closes the connection. */
    @Override
    public void close() throws IOException {
        try {
            sendClose(NORMAL_CLOSURE);
        } finally {
            carrier.close();
        }
    }

    private void sendClose(int code) {
        if (!closeSent.compareAndSet(false, true)) return;
        try {
            carrier.output().write(encoder.close(code));
        } catch (IOException | RuntimeException ignored) {
            // the connection is going anyway; the close frame is a courtesy
        }
    }

    /** A control frame: ping answered with pong, close answered and remembered; pong needs nothing. */
    private void control(int opcode, byte[] payload) throws IOException {
        if (closeReceived) return;
        if (opcode == FrameDecoder.PING) {
            carrier.output().write(encoder.frame(FrameDecoder.PONG, payload, EMPTY));
        } else if (opcode == FrameDecoder.CLOSE) {
            closeReceived = true;
            sendClose(payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : NORMAL_CLOSURE);
        }
    }

    private final class FrameInput extends InputStream {
        private final byte[] scratch = new byte[16];
        private final FrameDecoder.Events events = new FrameDecoder.Events() {
            @Override public void data(byte[] bytes, int offset, int length) {
                throw new IllegalStateException("a blocking read feeds the decoder no more than a header or a control frame");
            }

            @Override public void control(int opcode, byte[] payload) throws IOException {
                WebSocketStream.this.control(opcode, payload);
            }
        };

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            InputStream in = carrier.input();
            try {
                while (true) {
                    if (closeReceived) return -1;
                    if (decoder.inDataPayload()) {
                        int n = in.read(b, off, (int) Math.min(len, decoder.wants()));
                        if (n < 0) return -1;
                        decoder.consumedData(n);
                        return n;
                    }
                    int n = in.read(scratch, 0, (int) Math.min(scratch.length, decoder.wants()));
                    if (n < 0) return -1;
                    decoder.feed(scratch, 0, n, events);
                }
            } catch (WebSocketProtocolException e) {
                sendClose(PROTOCOL_ERROR);
                throw e;
            }
        }
    }

    private final class FrameOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            carrier.output().write(encoder.frame(FrameDecoder.BINARY, EMPTY, b, off, len)); // one copy: into the masked frame
        }

        @Override
        public void flush() throws IOException {
            carrier.output().flush();
        }
    }

    /** On the I/O thread: unframes what the carrier received and passes the data on. */
    private final class Unframing implements TlsConnection.Receiver, FrameDecoder.Events {
        private final TlsConnection.Receiver receiver;
        private boolean reported;

        Unframing(TlsConnection.Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public void received(byte[] data, int offset, int length) throws IOException {
            if (reported) return;
            try {
                decoder.feed(data, offset, length, this);
            } catch (WebSocketProtocolException e) {
                sendClose(PROTOCOL_ERROR);
                throw e;
            }
        }

        @Override
        public void data(byte[] bytes, int offset, int length) throws IOException {
            if (!closeReceived) receiver.received(bytes, offset, length);
        }

        @Override
        public void control(int opcode, byte[] payload) throws IOException {
            WebSocketStream.this.control(opcode, payload);
            if (closeReceived && !reported) {
                reported = true;
                receiver.closed(null);
            }
        }

        @Override
        public void closed(IOException cause) {
            if (reported) return;
            reported = true;
            receiver.closed(cause);
        }
    }
}
