package io.iotls.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.Properties;
import io.iotls.testkit.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message store across crashes: whatever a crash leaves, a restart neither loses nor wrongly skips a message. */
class MessageStoreTest {
    private final PacketCodec codec = new PacketCodec(MqttVersion.V5);

    private static int nextId = 1;

    private static MqttPacket.Publish qos2(String payload) {
        return new MqttPacket.Publish("t", payload.getBytes(), 2, false, false, nextId++, Properties.NONE);
    }

    private MessageStore open(Path root) throws Exception {
        return new MessageStore(root, "dev", codec);
    }

    /** A process's store, loaded as the client loads it at start. */
    private MessageStore started(Path root) throws Exception {
        MessageStore store = open(root);
        store.load();
        return store;
    }

    @Test
    void aReleaseRecordLeftByAnInterruptedDeleteDoesNotReleaseALaterMessage() throws Exception {
        Path root = TempFiles.directory("store");
        MessageStore first = started(root);
        long a = first.save(qos2("a"));
        long b = first.save(qos2("b"));
        first.markReleased(b, 42);
        // crash 1 between deleting b's message and its release record: only b's .rel remains
        Files.delete(root.resolve("dev").resolve(String.format("%019d.pub", b)));

        MessageStore second = open(root);
        assertThat(second.load()).extracting(MessageStore.Stored::seq).containsExactly(a);
        long c = second.save(qos2("c")); // crash 2: the next process stores a new message
        MessageStore third = open(root);
        List<MessageStore.Stored> restored = third.load();
        assertThat(restored).extracting(MessageStore.Stored::seq).containsExactly(a, c);
        assertThat(restored).allSatisfy(s -> assertThat(s.releasedPacketId()).as("released packet id").isZero());
    }

    @Test
    void aMessageKeepsItsPacketIdentifierAcrossARestart() throws Exception {
        Path root = TempFiles.directory("store");
        MessageStore store = started(root);
        store.save(new MqttPacket.Publish("t", new byte[] {1}, 1, false, false, 4711, Properties.NONE));
        assertThat(open(root).load()).extracting(s -> s.publish().packetId()).containsExactly(4711);
    }

    @Test
    void aCrashInTheMiddleOfDeletingACompletedMessageNeitherSendsItAgainNorLeavesItsRecord() throws Exception {
        Path root = TempFiles.directory("store");
        MessageStore store = started(root);
        long seq = store.save(qos2("completed"));
        store.markReleased(seq, 7);
        Path pub = root.resolve("dev").resolve(String.format("%019d.pub", seq));
        Path rel = root.resolve("dev").resolve(String.format("%019d.rel", seq));
        // PUBCOMP came and the delete began: the message is gone first; then the process is killed
        Files.delete(pub);
        assertThat(open(root).load()).as("nothing to send again: the broker completed it").isEmpty();
        assertThat(rel).as("the release record left behind is removed on load").doesNotExist();
    }

    @Test
    void deleteRemovesTheMessageAndItsReleaseRecord() throws Exception {
        Path root = TempFiles.directory("store");
        MessageStore store = started(root);
        long seq = store.save(qos2("x"));
        store.markReleased(seq, 7);
        store.delete(seq);
        try (var left = Files.list(root.resolve("dev"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFileWithAForeignNameIsSkippedAndTheRestLoads() throws Exception {
        Path root = TempFiles.directory("store");
        MessageStore store = started(root);
        long seq = store.save(qos2("kept"));
        Files.writeString(root.resolve("dev").resolve("notes.txt"), "left by an operator");
        Files.writeString(root.resolve("dev").resolve("12.pub"), "a short name");
        assertThat(open(root).load()).extracting(MessageStore.Stored::seq).containsExactly(seq);
    }
}
