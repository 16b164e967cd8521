package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.internal.codec.FrameAssembler;
import io.iotls.mqtt.internal.codec.FrameReader;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.transport.TlsConnection;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every MQTT packet that crosses a link, one line each in mosquitto's {@code -d} words ("sending PUBLISH (d0, q1, r0,
 * m3, 'plant/x', ... (5 bytes))", "received PUBACK (Mid: 3, RC:0)"): a link that reads the bytes written to it and read
 * from it as packets, so the log is what went over the wire, not what the client meant to send. Only when asked for.
 */
final class PacketLog {
    private PacketLog() {}

    /** {@code link}, logging to {@code log} (called on the client's threads and the I/O thread: it must not block). */
    static Link around(Link link, PacketCodec codec, Consumer<String> log) {
        return new Logged(link, new Side("sending", codec, log), new Side("received", codec, log));
    }

    /** One direction: bytes in, one line per whole packet out. */
    static final class Side {
        private final String verb;
        private final PacketCodec codec;
        private final FrameAssembler assembler;
        private final Consumer<String> log;

        Side(String verb, PacketCodec codec, Consumer<String> log) {
            this.verb = verb;
            this.codec = codec;
            this.assembler = new FrameAssembler(268_435_460); // MQTT's largest packet: the log never refuses what the client took
            this.log = log;
        }

        synchronized void bytes(byte[] data, int off, int len) {
            try {
                assembler.accept(data, off, len, frame -> {
                    for (String line : describe(frame).split("\n")) log.accept(verb + " " + line); // SUBSCRIBE: a line per filter
                });
            } catch (IOException | RuntimeException e) {
                log.accept(verb + " bytes that are no MQTT packet (" + e.getMessage() + ")");
            }
        }

        private String describe(FrameReader.Frame frame) {
            MqttPacket p;
            try {
                p = codec.decode(frame);
            } catch (IOException | RuntimeException e) {
                return "a malformed packet (" + e.getMessage() + ")";
            }
            boolean sending = verb.equals("sending");
            return switch (p) { // mosquitto 2.0's words for each packet and direction
                case MqttPacket.Publish m -> "PUBLISH (d" + (m.dup() ? 1 : 0) + ", q" + m.qos() + ", r" + (m.retain() ? 1 : 0) + ", m"
                        + m.packetId() + ", '" + m.topic() + "', ... (" + m.payload().length + " bytes))";
                case MqttPacket.Ack a -> switch (a.type()) {
                    case PUBACK -> sending ? "PUBACK (m" + a.packetId() + ", rc" + a.reasonCode() + ")"
                            : "PUBACK (Mid: " + a.packetId() + ", RC:" + a.reasonCode() + ")";
                    case PUBREC -> sending ? "PUBREC (m" + a.packetId() + ", rc" + a.reasonCode() + ")" : "PUBREC (Mid: " + a.packetId() + ")";
                    case PUBREL -> sending ? "PUBREL (m" + a.packetId() + ")" : "PUBREL (Mid: " + a.packetId() + ")";
                    default -> sending ? "PUBCOMP (m" + a.packetId() + ")" : "PUBCOMP (Mid: " + a.packetId() + ", RC:" + a.reasonCode() + ")";
                };
                case MqttPacket.ConnAck c -> "CONNACK (" + c.reasonCode() + ")";
                case MqttPacket.Subscribe sub -> String.join("\n", sub.subscriptions().stream().map(x -> "SUBSCRIBE (Mid: " + sub.packetId()
                        + ", Topic: " + x.filter() + ", QoS: " + x.qos() + ", Options: 0x" + String.format("%02x", options(x)) + ")").toList());
                case MqttPacket.Unsubscribe u -> "UNSUBSCRIBE (Mid: " + u.packetId() + ", Topic: " + String.join(", ", u.filters()) + ")";
                case MqttPacket.Disconnect d -> "DISCONNECT" + (d.reasonCode() != 0 ? " (RC:" + d.reasonCode() + ")" : "");
                default -> p.type().toString(); // SUBACK, UNSUBACK, PINGREQ, PINGRESP, CONNECT: mosquitto names them only
            };
        }

        /** The subscription options byte of MQTT 5 (3.8.3.1) without the QoS, as mosquitto prints it. */
        private static int options(MqttPacket.Subscription x) {
            return (x.noLocal() ? 0x04 : 0) | (x.retainAsPublished() ? 0x08 : 0) | (x.retainHandling() << 4);
        }
    }

    record Logged(Link link, Side sent, Side received) implements Link {
        @Override public InputStream input() {
            return new FilterInputStream(link.input()) {
                @Override public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) received.bytes(new byte[] {(byte) b}, 0, 1);
                    return b;
                }

                @Override public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) received.bytes(buf, off, n);
                    return n;
                }
            };
        }

        @Override public OutputStream output() {
            OutputStream target = link.output();
            return new OutputStream() {
                @Override public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override public void write(byte[] buf, int off, int len) throws IOException {
                    sent.bytes(buf, off, len); // before: the answer can be read before this write returns
                    target.write(buf, off, len);
                }

                @Override public void flush() throws IOException {
                    target.flush();
                }
            };
        }

        @Override public void write(byte[] head, byte[] body) throws IOException {
            sent.bytes(head, 0, head.length);
            sent.bytes(body, 0, body.length);
            link.write(head, body);
        }

        @Override public void awaitWritable() throws IOException { link.awaitWritable(); }

        @Override public boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException {
            return link.receiveOnIoThread(new TlsConnection.Receiver() {
                @Override public void received(byte[] data, int offset, int length) throws IOException {
                    received.bytes(data, offset, length);
                    receiver.received(data, offset, length);
                }

                @Override public void closed(IOException cause) {
                    receiver.closed(cause);
                }
            });
        }

        @Override public void receiving(boolean on) { link.receiving(on); }
        @Override public void readTimeout(java.time.Duration timeout) throws IOException { link.readTimeout(timeout); }
        @Override public Optional<TlsConnection> tls() { return link.tls(); }
        @Override public void close() throws IOException { link.close(); }
    }
}
