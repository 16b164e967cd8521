package io.iotls.bench.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The device of the fault run, in a JVM of its own so that the run can kill it with SIGKILL: publishes numbered QoS 1
 * and QoS 2 messages ({@code <prefix>/q1} and {@code <prefix>/q2}, payload the number) through one client.
 *
 * <p>The run paces it over stdin: {@code credit N} allows the numbers below N (so the subscriber is never more than
 * mosquitto's queue behind); {@code finish} waits (at most 2 minutes) until the client has nothing unacknowledged and
 * exits. On stdout: {@code connected}, {@code handed N outstanding K failed F} once both messages of number N are in
 * the client, {@code heap B} (live heap after a full GC) every 2 s, and {@code idle} or {@code left K} at the end.
 *
 * <p>Arguments: client (iotls, paho, hivemq), host, port, CA file, client id, MQTT version (311 or 5), store folder,
 * topic prefix, first number, last number (exclusive).
 */
public final class FaultPublisher {
    private final Object creditLock = new Object();
    private int credit; // guarded by creditLock
    private boolean finishing; // guarded by creditLock

    private FaultPublisher() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            new FaultPublisher().run(args);
        } catch (Throwable e) {
            System.out.println("error " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            System.out.flush();
            Runtime.getRuntime().halt(status); // some clients keep non-daemon threads after close, or hang in it
        }
    }

    private void run(String[] args) throws Exception {
        var setup = new Device.Setup(args[1], Integer.parseInt(args[2]), Path.of(args[3]), args[4], args[5], Path.of(args[6]));
        String prefix = args[7];
        int first = Integer.parseInt(args[8]);
        int end = Integer.parseInt(args[9]);
        Thread.ofPlatform().daemon().name("credit-reader").start(this::readCredit);
        Thread.ofPlatform().daemon().name("heap-reporter").start(FaultPublisher::reportHeap);
        try (Device device = Device.create(args[0], setup)) {
            device.connect();
            System.out.println("connected");
            for (int n = first; n < end; n++) {
                if (!awaitCredit(n)) break;
                byte[] payload = Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
                device.publish(prefix + "/q1", payload, 1);
                device.publish(prefix + "/q2", payload, 2);
                System.out.println("handed " + n + " outstanding " + device.outstanding() + " failed " + device.failed());
            }
            awaitFinish();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (device.outstanding() > 0 && System.nanoTime() < deadline) Thread.sleep(20); // a poll, bounded: no client here has a drain call
            System.out.println(device.outstanding() == 0 ? "idle failed " + device.failed() : "left " + device.outstanding() + " failed " + device.failed());
            System.out.flush();
        }
    }

    private void readCredit() {
        try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (creditLock) {
                    if (line.startsWith("credit ")) credit = Math.max(credit, Integer.parseInt(line.substring(7)));
                    if (line.equals("finish")) finishing = true;
                    creditLock.notifyAll();
                }
            }
        } catch (java.io.IOException e) {
            // the run went away: nothing more to allow
        }
        synchronized (creditLock) {
            finishing = true;
            creditLock.notifyAll();
        }
    }

    /** Waits until number n is allowed; false if the run said finish before. */
    private boolean awaitCredit(int n) throws InterruptedException {
        synchronized (creditLock) {
            while (n >= credit && !finishing) creditLock.wait();
            return n < credit;
        }
    }

    private void awaitFinish() throws InterruptedException {
        synchronized (creditLock) {
            while (!finishing) creditLock.wait();
        }
    }

    private static void reportHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        while (true) {
            System.gc();
            System.out.println("heap " + memory.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
