package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.internal.codec.FrameReader;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QoS 1/2 messages not yet acknowledged, one file each, so a process restart loses none. Every write is crash-safe:
 * written to a temporary file, forced to disk, renamed atomically over the final name, and the directory forced.
 * {@code <seq>.pub} holds the encoded PUBLISH; {@code <seq>.rel} the packet id once the broker sent PUBREC (QoS 2).
 */
final class MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);

    /** A message read back at start-up. */
    record Stored(long seq, MqttPacket.Publish publish, int releasedPacketId) {}

    private final Path dir;
    private final PacketCodec codec;
    private long nextSeq;

    MessageStore(Path root, String clientId, PacketCodec codec) throws IOException {
        this.dir = root.resolve(safeName(clientId));
        this.codec = codec;
        Files.createDirectories(dir);
    }

    /** Everything stored, oldest first; leftovers of interrupted writes are removed. */
    List<Stored> load() throws IOException {
        List<Stored> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".tmp")) {
                Files.deleteIfExists(f); // a write that never completed: the publish call did not return
                continue;
            }
            if (!name.endsWith(".pub")) continue;
            long seq = Long.parseLong(name.substring(0, name.length() - 4));
            nextSeq = Math.max(nextSeq, seq + 1);
            try {
                byte[] bytes = Files.readAllBytes(f);
                MqttPacket packet = codec.decode(new FrameReader(new ByteArrayInputStream(bytes), Integer.MAX_VALUE).read());
                Path rel = dir.resolve(seq + ".rel");
                int released = Files.exists(rel) ? Integer.parseInt(Files.readString(rel, StandardCharsets.US_ASCII).trim()) : 0;
                out.add(new Stored(seq, (MqttPacket.Publish) packet, released));
            } catch (IOException | RuntimeException e) {
                LOG.warn("unreadable stored message {} moved aside: {}", f, e.toString());
                Files.move(f, f.resolveSibling(name + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return out;
    }

    /** Stores a message before it is sent; returns its sequence number. */
    long save(MqttPacket.Publish publish) throws IOException {
        long seq = nextSeq++;
        // The packet id belongs to a connection, not to the message: store a placeholder, assign on sending.
        writeAtomically(dir.resolve(String.format("%019d.pub", seq)), codec.encode(publish.withPacketId(1)));
        return seq;
    }

    /** QoS 2: the broker has the message (PUBREC); from now on only PUBREL with this packet id is owed. */
    void markReleased(long seq, int packetId) throws IOException {
        writeAtomically(dir.resolve(String.format("%019d.rel", seq)), String.valueOf(packetId).getBytes(StandardCharsets.US_ASCII));
    }

    void delete(long seq) throws IOException {
        Files.deleteIfExists(dir.resolve(String.format("%019d.pub", seq)));
        Files.deleteIfExists(dir.resolve(String.format("%019d.rel", seq)));
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    /** Makes the rename durable (POSIX: fsync the directory). Not possible on every platform; then best effort. */
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // e.g. Windows cannot open a directory; the rename is still atomic there
        }
    }

    private static String safeName(String clientId) {
        StringBuilder s = new StringBuilder();
        for (char c : clientId.toCharArray()) s.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
        return s.toString();
    }
}
