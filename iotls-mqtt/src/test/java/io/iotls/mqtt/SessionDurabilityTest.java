package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.TcpProxy;
import io.iotls.testkit.TempFiles;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What survives a process restart, a full buffer, a broker that breaks the protocol; shared subscriptions. */
class SessionDurabilityTest extends BrokerTest {
    private static MqttClient connectedSubscriber(MosquittoBroker broker, String filter, Set<String> into) throws Exception {
        MqttClient sub = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + broker.port()).build());
        sub.connect();
        sub.subscribe(filter, Qos.EXACTLY_ONCE, m -> into.add(m.payloadAsString()));
        return sub;
    }

    private static void awaitSize(Set<String> set, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (set.size() < size && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private static long storedFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".pub")).count();
        }
    }

    @Test
    void messagesPublishedOfflineSurviveAProcessRestart() throws Exception {
        Path store = TempFiles.directory("store");
        try (var broker = MosquittoBroker.builder().start();
             var link = TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port()))) {
            Set<String> got = ConcurrentHashMap.newKeySet();
            MqttClient sub = connectedSubscriber(broker, "durable/#", got);
            MqttClientOptions options = MqttClientOptions.builder("mqtt://127.0.0.1:" + link.port()).clientId("plc-7").persistence(store)
                    .autoReconnect(Duration.ofSeconds(5), Duration.ofSeconds(5)).build();
            link.refuse(true); // the device boots while its broker is unreachable, and keeps trying
            MqttClient first = closeLater(MqttClient.create(options));
            assertThatThrownBy(first::connect).isInstanceOf(java.io.IOException.class);
            assertThat(first.state()).isEqualTo(ClientState.RECONNECTING);
            for (int i = 0; i < 50; i++) {
                first.publishAsync(MqttMessage.of("durable/q1", "a" + i, Qos.AT_LEAST_ONCE));
                first.publishAsync(MqttMessage.of("durable/q2", "b" + i, Qos.EXACTLY_ONCE));
            }
            first.close(); // the process ends before it ever reached the broker
            assertThat(storedFiles(store)).isEqualTo(100);

            link.refuse(false);
            MqttClient second = closeLater(MqttClient.create(options)); // the next process, same client id and folder
            assertThat(second.unacknowledged()).isEqualTo(100);
            second.connect();
            awaitSize(got, 100);
            assertThat(got).hasSize(100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (second.unacknowledged() > 0) { // the last acknowledgements are on their way
                assertThat(System.nanoTime()).as("all acknowledged within 10 s; left: %d", second.unacknowledged()).isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            second.close(); // waits for the store's deletes, which run on its own thread
            assertThat(storedFiles(store)).isZero();
            sub.close();
        }
    }

    @Test
    void messagesInFlightWhenTheConnectionDiesAreSentByTheNextProcess() throws Exception {
        Path store = TempFiles.directory("store");
        try (var broker = MosquittoBroker.builder().start();
             var proxy = TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port()))) {
            Set<String> got = ConcurrentHashMap.newKeySet();
            MqttClient sub = connectedSubscriber(broker, "crash/#", got);
            MqttClient first = closeLater(MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + proxy.port())
                    .clientId("crashing-device").persistence(store).autoReconnect(Duration.ofSeconds(5), Duration.ofSeconds(5)).build()));
            first.connect();
            int total = 500;
            for (int i = 0; i < total; i++) {
                first.publishAsync(MqttMessage.of("crash/x", "n" + i, Qos.of(1 + i % 2)));
                if (i == total / 2) { // the link dies mid-stream, then the process
                    proxy.refuse(true);
                    proxy.cutAll();
                }
            }
            first.close();
            MqttClient second = closeLater(MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + broker.port())
                    .clientId("crashing-device").persistence(store).build()));
            second.connect();
            awaitSize(got, total);
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < total; i++) if (!got.contains("n" + i)) missing.add("n" + i);
            assertThat(missing).isEmpty();
            second.close();
            sub.close();
        }
    }

    @Test
    void leftoverOfAnInterruptedWriteIsIgnored() throws Exception {
        Path store = TempFiles.directory("store");
        Files.createDirectories(store.resolve("dev-1"));
        Files.write(store.resolve("dev-1").resolve("0000000000000000007.pub.tmp"), new byte[] {0x32, 0x7F}); // half written
        MqttClient c = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:1").clientId("dev-1").persistence(store).build());
        assertThat(c.unacknowledged()).isZero();
        assertThat(Files.exists(store.resolve("dev-1").resolve("0000000000000000007.pub.tmp"))).isFalse();
    }

    @Test
    void fullOfflineBufferFollowsItsPolicyAndSaysSo() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            Set<String> got = ConcurrentHashMap.newKeySet();
            MqttClient sub = connectedSubscriber(broker, "buf/#", got);
            var link = TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port()));
            link.refuse(true); // the broker is unreachable: publishes wait in the offline buffer while the client retries
            MqttClient dropOldest = closeLater(MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + link.port())
                    .autoReconnect(Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .offlineBuffer(3, MqttClientOptions.OfflineBufferPolicy.DROP_OLDEST).build()));
            assertThatThrownBy(dropOldest::connect).isInstanceOf(java.io.IOException.class);
            List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) futures.add(dropOldest.publishAsync(MqttMessage.of("buf/x", "m" + i, Qos.AT_LEAST_ONCE)));
            assertThat(futures.get(0)).isCompletedExceptionally();
            assertThat(futures.get(1)).isCompletedExceptionally();
            link.refuse(false);
            dropOldest.connect(); // does not wait for the timer
            CompletableFuture.allOf(futures.subList(2, 5).toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            awaitSize(got, 3);
            assertThat(got).containsExactlyInAnyOrder("m2", "m3", "m4");

            link.refuse(true);
            MqttClient failNew = closeLater(MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + link.port())
                    .autoReconnect(Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .offlineBuffer(1, MqttClientOptions.OfflineBufferPolicy.FAIL_NEW).build()));
            assertThatThrownBy(failNew::connect).isInstanceOf(java.io.IOException.class);
            failNew.publishAsync(MqttMessage.of("buf/y", "kept", Qos.AT_LEAST_ONCE));
            assertThatThrownBy(() -> failNew.publishAsync(MqttMessage.of("buf/y", "refused", Qos.AT_LEAST_ONCE)).join())
                    .hasMessageContaining("the buffer for unsent messages is full (1)");
            dropOldest.close();
            failNew.close();
            link.close();
            sub.close();
        }
    }

    @Test
    void sharedSubscriptionSplitsTheStream() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            Set<String> a = ConcurrentHashMap.newKeySet();
            Set<String> b = ConcurrentHashMap.newKeySet();
            MqttClient ca = connectedSubscriber(broker, "$share/workers/jobs/#", a);
            MqttClient cb = connectedSubscriber(broker, "$share/workers/jobs/#", b);
            MqttClient pub = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + broker.port()).build());
            pub.connect();
            for (int i = 0; i < 20; i++) pub.publish(MqttMessage.of("jobs/x", "j" + i, Qos.AT_LEAST_ONCE));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (a.size() + b.size() < 20 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(a.size() + b.size()).isEqualTo(20);
            assertThat(a).isNotEmpty().doesNotContainAnyElementsOf(b);
            assertThat(b).isNotEmpty();
            pub.close();
            ca.close();
            cb.close();
        }
    }

    @Test
    void malformedPacketFromTheBrokerEndsTheConnectionWithReasonCode() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> afterConnack = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    int first = in.read();
                    int length = in.read(); // CONNECT is short: one length byte
                    in.readNBytes(length);
                    assertThat(first >> 4).isEqualTo(1);
                    s.getOutputStream().write(new byte[] {0x20, 0x03, 0x00, 0x00, 0x00}); // MQTT 5 CONNACK, success
                    s.getOutputStream().write(new byte[] {0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01}); // PUBLISH with QoS 3
                    s.setSoTimeout(5000);
                    return in.readNBytes(3);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            MqttClient c = MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + server.getLocalPort()).build());
            c.connect();
            // DISCONNECT, remaining length 1, reason code 0x81 malformed packet
            assertThat(afterConnack.get(5, TimeUnit.SECONDS)).containsExactly(0xE0, 0x01, 0x81);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (c.isConnected() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(c.isConnected()).isFalse();
            c.close();
        }
    }
}
