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

    private static MqttPacket.Publish qos2(String payload) {
        return new MqttPacket.Publish("t", payload.getBytes(), 2, false, false, 0, Properties.NONE);
    }

    private MessageStore open(Path root) throws Exception {
        return new MessageStore(root, "dev", codec);
    }

    @Test
    void aReleaseRecordLeftByAnInterruptedDeleteDoesNotReleaseALaterMessage() throws Exception {
        Path root = TempFiles.directory("store");
        MessageStore first = open(root);
        first.load();
        long a = first.save(qos2("a"));
        long b = first.save(qos2("b"));
        first.markReleased(b, 42);
        // crash 1 in the middle of deleting b, as the old order (.pub first) could leave it: only b's .rel remains
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
    void deleteRemovesTheReleaseRecordBeforeTheMessage() throws Exception {
        Path root = TempFiles.directory("store");
        MessageStore store = open(root);
        store.load();
        long seq = store.save(qos2("x"));
        store.markReleased(seq, 7);
        Path rel = root.resolve("dev").resolve(String.format("%019d.rel", seq));
        Path pub = root.resolve("dev").resolve(String.format("%019d.pub", seq));
        // make the second step fail: a .pub that cannot be deleted (a non-empty directory in its place)
        Files.delete(pub);
        Files.createDirectories(pub.resolve("blocker"));
        try {
            store.delete(seq);
        } catch (java.io.IOException expected) {
            // the .pub step failed
        }
        assertThat(rel).as("the release record went first").doesNotExist();
    }

    @Test
    void aFileWithAForeignNameIsSkippedAndTheRestLoads() throws Exception {
        Path root = TempFiles.directory("store");
        MessageStore store = open(root);
        store.load();
        long seq = store.save(qos2("kept"));
        Files.writeString(root.resolve("dev").resolve("notes.txt"), "left by an operator");
        Files.writeString(root.resolve("dev").resolve("12.pub"), "a short name");
        assertThat(open(root).load()).extracting(MessageStore.Stored::seq).containsExactly(seq);
    }
}
