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
 * {@link #save} runs on the publisher's thread (the message is on disk before it is sent); {@link #markReleased} and
 * {@link #delete} run on the client's store thread, never on the shared I/O thread or in a session task.
 */
final class MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);

    /** A message read back at start-up. */
    record Stored(long seq, MqttPacket.Publish publish, int releasedPacketId) {}

    /** A received QoS 2 message we answered with PUBREC and whose PUBREL has not come: {@code q2in-<packet id>}. */
    private static final java.util.regex.Pattern RECEIVED_NAME = java.util.regex.Pattern.compile("q2in-(\\d{1,5})");
    private static final java.util.regex.Pattern STORED_NAME = java.util.regex.Pattern.compile("(\\d{19})\\.(pub|rel)");
    private final Path dir;
    private final PacketCodec codec;
    private long nextSeq;

    MessageStore(Path root, String clientId, PacketCodec codec) throws IOException {
        this.dir = root.resolve(safeName(clientId));
        this.codec = codec;
        Files.createDirectories(dir);
    }

    /**
     * Everything stored, oldest first. Leftovers of interrupted writes are removed, and so is a {@code .rel} whose
     * {@code .pub} is gone (a delete cut short): left, it would mark a later message with its number as released, and
     * that message would never be sent. A file whose name is not ours is skipped with a warning, not a failure.
     */
    List<Stored> load() throws IOException {
        List<Stored> out = new ArrayList<>();
        java.util.TreeMap<Long, Path> pubs = new java.util.TreeMap<>();
        java.util.Map<Long, Path> rels = new java.util.HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                String name = f.getFileName().toString();
                java.util.regex.Matcher m = STORED_NAME.matcher(name);
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f); // a write that never completed: the publish call did not return
                } else if (m.matches()) {
                    long seq = Long.parseLong(m.group(1));
                    nextSeq = Math.max(nextSeq, seq + 1);
                    (m.group(2).equals("pub") ? pubs : rels).put(seq, f);
                } else if (RECEIVED_NAME.matcher(name).matches()) {
                    continue; // read by loadReceived()
                } else if (!name.endsWith(".corrupt")) {
                    LOG.warn("{} is not a stored message (expected <19 digits>.pub or .rel): skipped", f);
                }
            }
        }
        for (var rel : rels.entrySet()) {
            if (!pubs.containsKey(rel.getKey())) {
                LOG.info("removing {}: its message was deleted, the release record was left by an interrupted delete", rel.getValue());
                Files.deleteIfExists(rel.getValue());
            }
        }
        for (var pub : pubs.entrySet()) {
            long seq = pub.getKey();
            Path f = pub.getValue();
            try {
                byte[] bytes = Files.readAllBytes(f);
                MqttPacket packet = codec.decode(new FrameReader(new ByteArrayInputStream(bytes), Integer.MAX_VALUE).read());
                Path rel = rels.get(seq);
                int released = rel != null ? Integer.parseInt(Files.readString(rel, StandardCharsets.US_ASCII).trim()) : 0;
                out.add(new Stored(seq, (MqttPacket.Publish) packet, released));
            } catch (IOException | RuntimeException e) {
                LOG.warn("unreadable stored message {} moved aside: {}", f, e.toString());
                Files.move(f, f.resolveSibling(f.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return out;
    }

    /** Packet ids of received QoS 2 messages that were acknowledged (PUBREC) and not yet released (PUBREL). */
    java.util.Set<Integer> loadReceived() throws IOException {
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                java.util.regex.Matcher m = RECEIVED_NAME.matcher(f.getFileName().toString());
                if (m.matches()) ids.add(Integer.parseInt(m.group(1)));
            }
        }
        return ids;
    }

    /** A received QoS 2 message is about to be acknowledged with PUBREC: a restart must not deliver it again. */
    void markReceived(int packetId) throws IOException {
        writeAtomically(dir.resolve("q2in-" + packetId), new byte[0]);
    }

    /** PUBREL came for it: the broker will not send that message again. */
    void forgetReceived(int packetId) throws IOException {
        Files.deleteIfExists(dir.resolve("q2in-" + packetId));
    }

    /** The broker has no session for us: none of its messages will come again. */
    void clearReceived() throws IOException {
        for (int id : loadReceived()) forgetReceived(id);
    }

    /** Stores a message before it is sent; returns its sequence number. */
    synchronized long save(MqttPacket.Publish publish) throws IOException {
        long seq = nextSeq++;
        // with its packet identifier: a restarted process sends it under the same one (see PacketIds)
        writeAtomically(dir.resolve(String.format("%019d.pub", seq)), codec.encode(publish));
        return seq;
    }

    /** QoS 2: the broker has the message (PUBREC); from now on only PUBREL with this packet id is owed. */
    void markReleased(long seq, int packetId) throws IOException {
        writeAtomically(dir.resolve(String.format("%019d.rel", seq)), String.valueOf(packetId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The message is to be sent again as new (the broker lost its session before PUBREL). */
    void clearReleased(long seq) throws IOException {
        Files.deleteIfExists(dir.resolve(String.format("%019d.rel", seq)));
        forceDirectory();
    }

    /**
     * The message goes first, its release record second. A crash in between leaves a release record without its
     * message, which {@link #load} removes, and nothing is sent again. The other order would leave a QoS 2 message the
     * broker has completed (PUBCOMP), without its release record: the next process would publish it again, and the
     * subscribers would get it twice (seen in DeliveryUnderFaultsTest with the publisher killed by SIGKILL).
     */
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
