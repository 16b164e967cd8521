package io.iotls.bench;

import io.iotls.testkit.Peers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The measured lines. Each returns one number for one contender in one round. */
final class Scenarios {
    /** Threads that open the idle connections that are not measured. */
    private static final int OPENING_THREADS = 8;
    private final String host;
    private final int plainPort;
    private final long brokerPid;
    private final AtomicInteger ids = new AtomicInteger();

    Scenarios(String host, int plainPort, long brokerPid) {
        this.host = host;
        this.plainPort = plainPort;
        this.brokerPid = brokerPid;
    }

    private String id(Contender c) {
        return "bench-" + c.name().replace(' ', '-') + "-" + ids.incrementAndGet();
    }

    /** Full TLS handshake + CONNECT/CONNACK + DISCONNECT, one after another, for {@code duration}: per second. */
    double handshakesPerSecond(Contender c, Target t, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() < end) {
            try (Contender.Session s = c.connect(t, id(c))) {
                n++;
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** The same with {@code threads} platform threads connecting at once (a gateway reconnecting its fleet). */
    double handshakesPerSecond(Contender c, Target t, Duration duration, int threads) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong n = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().name("bench-connect-" + i).start(() -> {
                while (System.nanoTime() < end && failure.get() == null) {
                    try (Contender.Session s = c.connect(t, id(c))) {
                        n.incrementAndGet();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread w : workers) w.join();
        if (failure.get() != null) throw failure.get();
        return n.get() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * QoS 0 messages per second arriving at a counting subscriber: {@code mosquitto_sub} over plain TCP, the same for
     * everyone and outside this JVM, so the JVM's CPU per message is the publishing client's alone.
     */
    Result qos0EndToEnd(Contender c, Target t, int count, int payloadBytes) throws Exception {
        String prefix = "q/" + ids.incrementAndGet(); // short: mosquitto_sub prints the topic of every message, and we read it
        try (Contender.Session pub = c.connect(t, id(c));
             CountingSubscriber sub = CountingSubscriber.start(host, plainPort, prefix, count)) {
            sub.awaitSubscribed(() -> {
                try {
                    pub.publish(CountingSubscriber.probeTopic(prefix), new byte[1], 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100); // probes still on their way are not counted, but let them pass before the clock starts
            String topic = CountingSubscriber.dataTopic(prefix);
            byte[] payload = new byte[payloadBytes];
            long cpu0 = Measure.jvmCpuNanos() - sub.readerCpuNanos();
            long broker0 = Measure.processCpuNanos(brokerPid);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) pub.publish(topic, payload, 0);
            long end = sub.awaitAll(30);
            double seconds = (end - start) / 1e9;
            long got = sub.received();
            long cpu = Measure.jvmCpuNanos() - sub.readerCpuNanos() - cpu0; // the publishing client's alone
            return new Result(got / seconds, cpu / 1000.0 / Math.max(1, got),
                    (Measure.processCpuNanos(brokerPid) - broker0) / 1000.0 / Math.max(1, got), got, count);
        }
    }

    /** QoS 1 messages per second acknowledged, with at most {@code window} unacknowledged. */
    Result qos1Window(Contender c, Target t, int count, int window, int payloadBytes) throws Exception {
        try (Contender.Session pub = c.connect(t, id(c))) {
            String topic = "bench/q1/" + id(c);
            byte[] payload = new byte[payloadBytes];
            Semaphore slots = new Semaphore(window);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long cpu0 = Measure.jvmCpuNanos();
            long broker0 = Measure.processCpuNanos(brokerPid);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                slots.acquire();
                pub.publish(topic, payload, 1).whenComplete((r, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                    slots.release();
                });
            }
            if (!slots.tryAcquire(window, 60, TimeUnit.SECONDS)) throw new IllegalStateException("acknowledgements missing");
            if (failure.get() != null) throw new IllegalStateException(failure.get());
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(count / seconds, (Measure.jvmCpuNanos() - cpu0) / 1000.0 / count,
                    (Measure.processCpuNanos(brokerPid) - broker0) / 1000.0 / count, count, count);
        }
    }

    /**
     * QoS 0 messages per second this client receives as a subscriber. The publisher is {@code mosquitto_pub --repeat}
     * over plain TCP, outside this JVM, so the JVM's CPU time is the subscribing client's alone. The rate runs from the
     * first message received to the last.
     */
    Result receive(Contender c, Target t, int count, int payloadBytes) throws Exception {
        String topic = "r/" + ids.incrementAndGet();
        AtomicLong got = new AtomicLong();
        AtomicLong first = new AtomicLong();
        CompletableFuture<Long> last = new CompletableFuture<>();
        try (Contender.Session sub = c.connect(t, id(c))) {
            sub.subscribe(topic, () -> {
                long n = got.incrementAndGet();
                if (n == 1) first.set(System.nanoTime());
                if (n == count) last.complete(System.nanoTime());
            });
            long cpu0 = Measure.jvmCpuNanos();
            long broker0 = Measure.processCpuNanos(brokerPid);
            Process publisher = new ProcessBuilder(List.of(Peers.require("mosquitto_pub").toString(), "-h", host, "-p",
                    String.valueOf(plainPort), "-V", "mqttv311", "-q", "0", "-t", topic, "-m", "x".repeat(payloadBytes),
                    "--repeat", String.valueOf(count)))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long end;
            try {
                end = last.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                end = System.nanoTime(); // what arrived is counted and the shortfall reported
            } finally {
                if (!publisher.waitFor(10, TimeUnit.SECONDS)) publisher.destroyForcibly();
            }
            long received = got.get();
            double seconds = (end - first.get()) / 1e9;
            return new Result(Math.max(0, received - 1) / seconds, (Measure.jvmCpuNanos() - cpu0) / 1000.0 / Math.max(1, received),
                    (Measure.processCpuNanos(brokerPid) - broker0) / 1000.0 / Math.max(1, received), received, count);
        }
    }

    /** QoS 1 publish latency, one at a time (publish until PUBACK): median and 99th percentile in microseconds. */
    Latency qos1Latency(Contender c, Target t, int count, int payloadBytes) throws Exception {
        try (Contender.Session pub = c.connect(t, id(c))) {
            String topic = "bench/lat/" + ids.incrementAndGet();
            byte[] payload = new byte[payloadBytes];
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                pub.publish(topic, payload, 1).get(10, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(nanos);
            return new Latency(nanos[count / 2] / 1000.0, nanos[Math.min(count - 1, (int) (count * 0.99))] / 1000.0);
        }
    }

    /**
     * Idle TLS connections held open. The cost of one more connection is measured as a slope: the first half is opened
     * and measured, then the second half, so one-time growth (caches, pools, tables sized on first use) is not charged
     * to the connections. Heap: used heap after GC. Native: resident memory outside the heap mapping (thread stacks,
     * direct buffers, malloc), so heap and native add up without counting the heap twice.
     */
    Idle idle(Contender c, Target t, int connections, int warmUp) throws Exception {
        int half = connections / 2;
        List<Contender.Session> open = new ArrayList<>();
        try {
            // warm-up: a batch held, then closed, so classes, caches and the JIT's compiled frames (a parked virtual
            // thread's stack is smaller once compiled) are in place before anything is measured
            openAtOnce(c, t, Math.min(warmUp, half), open);
            closeAll(open);
            // the first half is not measured: opened 8 at a time (the bench's longest wait); its threads end before
            // the first footprint. The measured half is opened one by one on this thread, so no opening thread's
            // malloc arena or stack is counted as the connections' memory.
            openAtOnce(c, t, connections - half, open);
            Footprint first = Footprint.now();
            for (int i = 0; i < half; i++) open.add(c.connect(t, id(c)));
            Footprint second = Footprint.now();
            long heap = second.heapUsed - first.heapUsed;
            long nativeGrowth = Math.max(0, second.nonHeapRss - first.nonHeapRss);
            return new Idle(connections, heap / (double) half, nativeGrowth / (double) half, (second.threads - first.threads) / (double) half);
        } finally {
            closeAll(open);
        }
    }

    /** Opens {@code count} connections with {@link #OPENING_THREADS} platform threads, which end before it returns. */
    private void openAtOnce(Contender c, Target t, int count, List<Contender.Session> open) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Contender.Session> opened = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < OPENING_THREADS; i++) {
            workers.add(Thread.ofPlatform().name("bench-open-" + i).start(() -> {
                while (failure.get() == null && left.getAndDecrement() > 0) {
                    try {
                        opened.add(c.connect(t, id(c)));
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread w : workers) w.join();
        open.addAll(opened);
        if (failure.get() != null) throw failure.get();
    }

    private static void closeAll(List<Contender.Session> open) {
        for (Contender.Session s : open) {
            try {
                s.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        open.clear();
    }

    private record Footprint(long heapUsed, long nonHeapRss, int threads) {
        static Footprint now() {
            long used = Measure.heapUsedAfterGc();
            return new Footprint(used, Measure.nonHeapRssBytes(), Thread.activeCount());
        }
    }

    record Result(double perSecond, double jvmCpuMicrosPerMessage, double brokerCpuMicrosPerMessage, long received, long sent) {}

    record Latency(double p50Micros, double p99Micros) {}

    record Idle(int connections, double heapBytesPerConnection, double nativeBytesPerConnection, double platformThreadsPerConnection) {}
}
