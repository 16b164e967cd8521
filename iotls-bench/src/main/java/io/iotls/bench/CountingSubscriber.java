package io.iotls.bench;

import io.iotls.testkit.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscriber that counts what arrives, outside this JVM: {@code mosquitto_sub} (C), so the JVM's CPU time is the
 * publisher's alone. It subscribes to {@code prefix/#} and prints one line per message with its topic's last letter:
 * 'p' for the probes that show the subscription is in place, 'd' for the data that is counted.
 */
final class CountingSubscriber implements AutoCloseable {
    private final Process process;
    private final AtomicLong data = new AtomicLong();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final CompletableFuture<Long> allArrived = new CompletableFuture<>();
    private final long expected;
    private final Thread reader;

    private CountingSubscriber(Process process, long expected) {
        this.process = process;
        this.expected = expected;
        this.reader = Thread.ofPlatform().daemon().name("counting-subscriber").start(this::count);
    }

    static CountingSubscriber start(String host, int port, String prefix, long expected) throws IOException {
        Path mosquittoSub = Peers.require("mosquitto_sub");
        Process p = new ProcessBuilder(List.of(mosquittoSub.toString(), "-h", host, "-p", String.valueOf(port),
                "-V", "mqttv311", "-q", "0", "-t", prefix + "/#", "-F", "%t"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new CountingSubscriber(p, expected);
    }

    /** Topic for probe messages (not counted). */
    static String probeTopic(String prefix) {
        return prefix + "/p";
    }

    /** Topic for counted messages. */
    static String dataTopic(String prefix) {
        return prefix + "/d";
    }

    private void count() {
        byte[] buffer = new byte[64 * 1024];
        byte last = 0;
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        if (last == 'p') subscribed.complete(null);
                        else if (last == 'd' && data.incrementAndGet() == expected) allArrived.complete(System.nanoTime());
                    }
                    last = b;
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        allArrived.complete(System.nanoTime()); // ended early: what arrived is counted
    }

    /**
     * CPU time this JVM spent reading mosquitto_sub's output (about a system call per message): the caller subtracts
     * it, so "CPU per message" is the publishing client's alone.
     */
    long readerCpuNanos() {
        long t = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(reader.threadId());
        return Math.max(0, t);
    }

    /** Publishes probes (through {@code probe}) until one arrives: then the data that follows is counted. */
    void awaitSubscribed(Runnable probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!subscribed.isDone()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("mosquitto_sub did not receive a probe in 10 s");
            probe.run();
            try {
                subscribed.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // publish another probe
            }
        }
    }

    /** The time the last expected message arrived, or when {@code timeoutSeconds} ran out. */
    long awaitAll(long timeoutSeconds) throws Exception {
        try {
            return allArrived.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return System.nanoTime();
        }
    }

    long received() {
        return data.get();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        reader.join(5000);
    }
}
