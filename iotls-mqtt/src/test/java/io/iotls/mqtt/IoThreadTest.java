package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.TcpProxy;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsOptions;
import io.iotls.transport.TlsServerEndpoint;
import io.iotls.transport.TlsServerOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS connections are read on one I/O thread shared by every client. No connection, handler or stuck network may hold
 * that thread up for the others; handlers run on threads of their own, in order, unless they promise not to block.
 * This module's tests run with one I/O thread ({@code iotls.ioThreads=1} in its pom), so every client here shares it.
 */
class IoThreadTest extends BrokerTest {
    private static final java.util.concurrent.Executor VIRTUAL = task -> Thread.ofVirtual().start(task);

    private MosquittoBroker broker() throws Exception {
        return closeLater(MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).start());
    }

    private MqttClient connected(String uri) throws Exception {
        return connected(uri, true);
    }

    private MqttClient connected(String uri, boolean sharedIoThread) throws Exception {
        return connected(uri, sharedIoThread, false);
    }

    private MqttClient connected(String uri, boolean sharedIoThread, boolean handlersOnIoThread) throws Exception {
        MqttClient c = MqttClient.create(MqttClientOptions.builder(uri).version(MqttVersion.V5).sharedIoThread(sharedIoThread)
                .handlersOnIoThread(handlersOnIoThread).tls(TlsOptions.builder().caFile(pki.caFile()).build()).build());
        closeLater(c);
        c.connect();
        return c;
    }

    @Test
    void everyClientHereSharesOneIoThread() throws Exception {
        var broker = broker();
        MqttClient a = connected("mqtts://localhost:" + broker.port(), true, true);
        MqttClient b = connected("mqtts://localhost:" + broker.port(), true, true);
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        for (MqttClient c : List.of(a, b)) {
            c.subscribe("which", Qos.AT_LEAST_ONCE, m -> {
                threads.add(Thread.currentThread().getName());
                both.countDown();
            });
        }
        a.publish(MqttMessage.of("which", "?", Qos.AT_LEAST_ONCE));
        assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).as("the tests below rely on it").containsExactly("iotls-io", "iotls-io");
    }

    @Test
    void aHandlerMayPublishAndWaitForTheAcknowledgement() throws Exception {
        var broker = broker();
        MqttClient device = connected("mqtts://localhost:" + broker.port());
        MqttClient operator = connected("mqtts://localhost:" + broker.port());
        CompletableFuture<PublishResult> reply = new CompletableFuture<>();
        device.subscribe("cmd", Qos.AT_LEAST_ONCE, m -> {
            try { // blocks this handler until the broker's PUBACK, which the I/O thread reads meanwhile
                reply.complete(device.publish(MqttMessage.of("reply", "done", Qos.AT_LEAST_ONCE)));
            } catch (Exception e) {
                reply.completeExceptionally(e);
            }
        });
        operator.publish(MqttMessage.of("cmd", "start", Qos.AT_LEAST_ONCE));
        assertThat(reply.get(10, TimeUnit.SECONDS).qos()).isEqualTo(Qos.AT_LEAST_ONCE);
    }

    @Test
    void handlersRunOnTheClientsHandlerThreadOrWithoutTheSharedThreadOnTheConnectionsReader() throws Exception {
        var broker = broker();
        for (boolean shared : new boolean[] {true, false}) {
            MqttClient sub = connected("mqtts://localhost:" + broker.port(), shared);
            MqttClient pub = connected("mqtts://localhost:" + broker.port(), shared);
            CompletableFuture<String> handlerThread = new CompletableFuture<>();
            sub.subscribe("where/" + shared, Qos.AT_LEAST_ONCE, m -> handlerThread.complete(Thread.currentThread().getName()));
            pub.publish(MqttMessage.of("where/" + shared, "?", Qos.AT_LEAST_ONCE));
            assertThat(handlerThread.get(10, TimeUnit.SECONDS)).isEqualTo(shared ? "iotls-mqtt-handler" : "iotls-mqtt-reader");
        }
    }

    @Test
    void withHandlersOnIoThreadHandlersRunWhereTheMessageWasReadInOrder() throws Exception {
        var broker = broker();
        MqttClient sub = connected("mqtts://localhost:" + broker.port(), true, true);
        MqttClient pub = connected("mqtts://localhost:" + broker.port());
        int n = 1_000;
        List<Integer> got = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(n);
        sub.subscribe("inline", Qos.AT_LEAST_ONCE, m -> {
            if (!TlsConnection.onIoThread()) threads.add(Thread.currentThread().getName());
            got.add(Integer.parseInt(m.payloadAsString()));
            all.countDown();
        });
        for (int i = 0; i < n; i++) pub.publishAsync(MqttMessage.of("inline", Integer.toString(i), Qos.AT_LEAST_ONCE));
        assertThat(all.await(10, TimeUnit.SECONDS)).as("all %d messages handled, got %d", n, got.size()).isTrue();
        assertThat(threads).as("handlers that ran off the I/O thread").isEmpty();
        for (int i = 0; i < n; i++) assertThat(got.get(i)).as("message %d in order", i).isEqualTo(i);
    }

    @Test
    void aBlockingCallInAHandlerOnTheIoThreadFailsAtOnceAndTheConnectionGoesOn() throws Exception {
        var broker = broker();
        MqttClient device = connected("mqtts://localhost:" + broker.port(), true, true);
        MqttClient operator = connected("mqtts://localhost:" + broker.port());
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        CompletableFuture<PublishResult> asyncReply = new CompletableFuture<>();
        device.subscribe("cmd", Qos.AT_LEAST_ONCE, m -> {
            try {
                device.publish(MqttMessage.of("reply", "blocking", Qos.AT_LEAST_ONCE)); // would wait for a PUBACK this thread reads
                refused.complete(null);
            } catch (Exception | Error e) {
                refused.complete(e);
            }
            device.publishAsync(MqttMessage.of("reply", "async", Qos.AT_LEAST_ONCE)).whenComplete((r, e) -> {
                if (e != null) asyncReply.completeExceptionally(e);
                else asyncReply.complete(r);
            });
        });
        operator.publish(MqttMessage.of("cmd", "start", Qos.AT_LEAST_ONCE));
        assertThat(refused.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shared I/O thread").hasMessageContaining("Async");
        assertThat(asyncReply.get(10, TimeUnit.SECONDS).qos()).as("a publish that does not wait works there").isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(device.publish(MqttMessage.of("after", "x", Qos.AT_LEAST_ONCE)).qos()).isEqualTo(Qos.AT_LEAST_ONCE);
    }

    @Test
    void whatIsPublishedWhileTheIoThreadHandlesAReadIsSentAfterItLargeOrMany() throws Exception {
        var broker = broker();
        MqttClient device = connected("mqtts://localhost:" + broker.port(), true, true);
        MqttClient operator = connected("mqtts://localhost:" + broker.port());
        int small = 300;
        CountDownLatch echoed = new CountDownLatch(small + 1);
        operator.subscribe("echo/#", Qos.AT_LEAST_ONCE, m -> echoed.countDown());
        List<CompletableFuture<PublishResult>> sent = new CopyOnWriteArrayList<>();
        device.subscribe("cmd", Qos.AT_LEAST_ONCE, m -> { // on the I/O thread, in the middle of handling its read
            sent.add(device.publishAsync(MqttMessage.of("echo/large", new byte[200 * 1024], Qos.AT_LEAST_ONCE, false)));
            for (int i = 0; i < small; i++) sent.add(device.publishAsync(MqttMessage.of("echo/small", "s" + i, Qos.AT_LEAST_ONCE)));
        });
        operator.publish(MqttMessage.of("cmd", "go", Qos.AT_LEAST_ONCE));
        assertThat(echoed.await(10, TimeUnit.SECONDS)).as("echoed, %d left", echoed.getCount()).isTrue();
        assertThat(sent).hasSize(small + 1);
        for (CompletableFuture<PublishResult> f : sent) assertThat(f).succeedsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void aHandlerOnTheIoThreadMayDisconnectOrCloseItsClient() throws Exception {
        var broker = broker();
        MqttClient operator = connected("mqtts://localhost:" + broker.port());
        for (boolean close : new boolean[] {false, true}) {
            MqttClient device = connected("mqtts://localhost:" + broker.port(), true, true);
            CompletableFuture<Long> tookNanos = new CompletableFuture<>();
            device.subscribe("stop", Qos.AT_LEAST_ONCE, m -> {
                long start = System.nanoTime();
                try {
                    if (close) device.close();
                    else device.disconnect();
                    tookNanos.complete(System.nanoTime() - start);
                } catch (Exception e) {
                    tookNanos.completeExceptionally(e);
                }
            });
            operator.publish(MqttMessage.of("stop", "now", Qos.AT_LEAST_ONCE));
            assertThat(TimeUnit.NANOSECONDS.toMillis(tookNanos.get(10, TimeUnit.SECONDS))).as("close=%s: done, not given up after the 1 s stuck-write timer", close).isLessThan(500);
            assertThat(device.isConnected()).isFalse();
        }
        assertThat(operator.publish(MqttMessage.of("after", "x", Qos.AT_LEAST_ONCE)).qos()).isEqualTo(Qos.AT_LEAST_ONCE);
    }

    @Test
    void aMalformedPacketReadOnTheIoThreadIsAnsweredWithDisconnectBeforeTheConnectionCloses() throws Exception {
        CompletableFuture<byte[]> afterConnack = new CompletableFuture<>();
        var server = closeLater(TlsServerEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                TlsServerOptions.builder().certificate(pki.serverCertFile(), pki.serverKeyFile(), null).build(), connection -> {
                    var in = connection.input();
                    in.read();
                    in.readNBytes(in.read()); // CONNECT is short: one length byte
                    connection.output().write(new byte[] {0x20, 0x03, 0x00, 0x00, 0x00}); // MQTT 5 CONNACK, success
                    connection.output().write(new byte[] {0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01}); // PUBLISH with QoS 3
                    connection.readTimeout(java.time.Duration.ofSeconds(5));
                    afterConnack.complete(in.readNBytes(3));
                }));
        MqttClient c = connected("mqtts://localhost:" + server.port());
        // DISCONNECT, remaining length 1, reason code 0x81 malformed packet
        assertThat(afterConnack.get(10, TimeUnit.SECONDS)).containsExactly(0xE0, 0x01, 0x81);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (c.isConnected() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(c.isConnected()).isFalse();
    }

    @Test
    void aBlockingCallInACallbackTheIoThreadRunsFailsInsteadOfHanging() throws Exception {
        var broker = broker();
        MqttClient client = connected("mqtts://localhost:" + broker.port());
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        for (int attempt = 0; attempt < 20 && !refused.isDone(); attempt++) { // a future done before chaining runs it here
            client.publishAsync(MqttMessage.of("t", "first", Qos.AT_LEAST_ONCE)).thenRun(() -> {
                if (!TlsConnection.onIoThread()) return;
                try {
                    client.publish(MqttMessage.of("t", "second", Qos.AT_LEAST_ONCE));
                    refused.complete(null);
                } catch (Exception | Error e) {
                    refused.complete(e);
                }
            }).get(10, TimeUnit.SECONDS);
        }
        assertThat(refused.get(1, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class).hasMessageContaining("publish blocks");
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void plainTcpConnectionsAreReadByTheSharedIoThreadToo() throws Exception {
        var broker = closeLater(MosquittoBroker.builder().start());
        MqttClient sub = closeLater(MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + broker.port())
                .handlersOnIoThread(true).build()));
        MqttClient pub = closeLater(MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + broker.port()).build()));
        sub.connect();
        pub.connect();
        CompletableFuture<String> handlerThread = new CompletableFuture<>();
        sub.subscribe("where/tcp", Qos.AT_LEAST_ONCE, m -> handlerThread.complete(Thread.currentThread().getName()));
        pub.publish(MqttMessage.of("where/tcp", "?", Qos.AT_LEAST_ONCE));
        assertThat(handlerThread.get(10, TimeUnit.SECONDS)).isEqualTo("iotls-io");
    }

    @ParameterizedTest(name = "handlers on the I/O thread: {0}")
    @ValueSource(booleans = {false, true})
    void slowHandlersPauseReadingAndLoseNothing(boolean handlersOnIoThread) throws Exception {
        // the handlers are slow on purpose, so messages queue at the broker: mosquitto's default max_queued_messages
        // (1,000) would drop them there by design, which is no loss of the client's
        var broker = closeLater(MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile())
                .line("max_queued_messages 0").start());
        MqttClient sub = connected("mqtts://localhost:" + broker.port(), true, handlersOnIoThread);
        MqttClient pub = connected("mqtts://localhost:" + broker.port());
        int n = 3_000;
        List<Integer> got = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(n);
        sub.subscribe("slow", Qos.AT_MOST_ONCE, m -> {
            if (got.size() < 600) sleep(1); // far slower than the network at first: reading pauses, then goes on
            got.add(Integer.parseInt(m.payloadAsString().substring(0, 6).trim()));
            all.countDown();
        });
        String padding = " ".repeat(1000);
        for (int i = 0; i < n; i++) pub.publishAsync(MqttMessage.of("slow", String.format("%6d", i) + padding, Qos.AT_MOST_ONCE));
        pub.publish(MqttMessage.of("flush", "x", Qos.AT_LEAST_ONCE));
        assertThat(all.await(30, TimeUnit.SECONDS)).as("all %d messages handled, got %d", n, got.size()).isTrue();
        for (int i = 0; i < n; i++) assertThat(got.get(i)).as("message %d in order", i).isEqualTo(i);
    }

    @Test
    void aConnectionWhoseUplinkIsStuckStillReceivesAndHoldsUpNoOther() throws Exception {
        var broker = broker();
        var proxy = closeLater(TcpProxy.to(new InetSocketAddress("127.0.0.1", broker.port())));
        MqttClient stuck = connected("mqtts://127.0.0.1:" + proxy.port());
        MqttClient other = connected("mqtts://localhost:" + broker.port());
        AtomicInteger stuckReceived = new AtomicInteger();
        stuck.subscribe("to-stuck", Qos.AT_LEAST_ONCE, m -> stuckReceived.incrementAndGet());
        proxy.stallToServer(true); // what the client sends waits in full socket buffers; what the broker sends arrives
        byte[] payload = new byte[64 * 1024];
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 10_000; i++) stuck.publishAsync("flood", payload, Qos.AT_MOST_ONCE, false).join();
        }, VIRTUAL);
        try {
            Thread.sleep(500);
            assertThat(flood).as("the flooding publisher is blocked by the stuck uplink").isNotDone();

            for (int i = 0; i < 5; i++) other.publish(MqttMessage.of("to-stuck", "m" + i, Qos.AT_LEAST_ONCE));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stuckReceived.get() < 5 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(stuckReceived).as("the stuck connection still reads while its publisher waits").hasValue(5);

            CountDownLatch echoed = new CountDownLatch(100);
            other.subscribe("echo", Qos.AT_LEAST_ONCE, m -> echoed.countDown());
            for (int i = 0; i < 100; i++) other.publishAsync(MqttMessage.of("echo", "e" + i, Qos.AT_LEAST_ONCE));
            assertThat(echoed.await(10, TimeUnit.SECONDS)).as("another connection is not held up").isTrue();
        } finally {
            proxy.cutAll();
        }
        assertThat(flood).failsWithin(10, TimeUnit.SECONDS); // the cut ends the blocked publisher with an error
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
