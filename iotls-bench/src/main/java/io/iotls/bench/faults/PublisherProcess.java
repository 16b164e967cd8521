package io.iotls.bench.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A {@link FaultPublisher} in a child JVM: paced over its stdin, followed through its stdout, killable with SIGKILL. */
final class PublisherProcess {
    private final Process process;
    private final PrintStream control;
    private final Object lock = new Object();
    private boolean connected; // guarded by lock
    private int lastHanded = -1; // guarded by lock
    private int outstanding; // guarded by lock
    private String ending; // guarded by lock: "idle ..." or "left ..."
    private long firstHeap = -1; // guarded by lock
    private long mostHeap; // guarded by lock
    private int lastCredit;
    private final List<String> unparsed = new ArrayList<>(); // guarded by lock

    private final int first;
    private final int end;

    private PublisherProcess(Process process, int first, int end) {
        this.process = process;
        this.first = first;
        this.end = end;
        this.control = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        Thread.ofPlatform().daemon().name("publisher-output").start(this::follow);
    }

    static PublisherProcess start(String client, Device.Setup s, String prefix, int first, int end, Path errorLog) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        // the HiveMQ client's Netty uses sun.misc.Unsafe; JDK 24+ would print a warning
        if (Runtime.version().feature() >= 24) command.add("--sun-misc-unsafe-memory-access=allow");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FaultPublisher.class.getName(), client, s.host(),
                Integer.toString(s.port()), s.caFile().toString(), s.clientId(), s.version(), s.store().toString(), prefix,
                Integer.toString(first), Integer.toString(end)));
        return new PublisherProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile())).start(),
                first, end);
    }

    private void follow() {
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                try {
                    take(line);
                } catch (RuntimeException e) { // not one of ours (a library printing to stdout): kept for the report
                    synchronized (lock) {
                        if (unparsed.size() < 5) unparsed.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended (or was killed)
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void take(String line) {
        String[] w = line.split(" ");
        synchronized (lock) {
            switch (w[0]) {
                case "connected" -> connected = true;
                case "handed" -> {
                    lastHanded = Integer.parseInt(w[1]);
                    outstanding = Integer.parseInt(w[3]);
                }
                case "heap" -> {
                    long b = Long.parseLong(w[1]);
                    if (firstHeap < 0 && connected) firstHeap = b;
                    mostHeap = Math.max(mostHeap, b);
                }
                case "idle", "left" -> ending = line;
                case "error" -> { // the end of the run, unless the client failed only in closing after it
                    if (ending == null) ending = line;
                    else if (unparsed.size() < 5) unparsed.add("after " + ending.split(" ")[0] + ": " + line);
                }
                default -> {
                    if (unparsed.size() < 5) unparsed.add(line);
                }
            }
            lock.notifyAll();
        }
    }

    /** Lines on the publisher's stdout that were not its reports (at most 5). */
    List<String> unparsed() {
        synchronized (lock) {
            return List.copyOf(unparsed);
        }
    }

    /** Allows the numbers below {@code credit}. */
    synchronized void credit(int credit) {
        if (credit <= lastCredit) return;
        lastCredit = credit;
        control.println("credit " + credit);
    }

    synchronized int creditGiven() {
        return lastCredit;
    }

    void finish() {
        control.println("finish");
    }

    /** Waits at most {@code bound} for the condition (read under this process' lock); false if it did not hold. */
    boolean await(BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !process.isAlive() && !condition.getAsBoolean()) return condition.getAsBoolean();
                lock.wait(Math.min(left, 200));
            }
            return true;
        }
    }

    boolean isConnected() {
        synchronized (lock) {
            return connected;
        }
    }

    int lastHanded() {
        synchronized (lock) {
            return lastHanded;
        }
    }

    /** Every number of its range is in its client (a process started past the last number has none to hand). */
    boolean handedAll() {
        synchronized (lock) {
            return first >= end || lastHanded == end - 1;
        }
    }

    int outstanding() {
        synchronized (lock) {
            return outstanding;
        }
    }

    String ending() {
        synchronized (lock) {
            return ending;
        }
    }

    long firstHeap() {
        synchronized (lock) {
            return firstHeap;
        }
    }

    long mostHeap() {
        synchronized (lock) {
            return mostHeap;
        }
    }

    /** SIGKILL: no close, no DISCONNECT, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("the killed publisher did not end in 10 s");
    }

    /** Ends the process if it still runs (the run failed, or is over). */
    void destroy() {
        process.destroyForcibly();
    }

    /** Waits at most {@code bound} for the process to exit; kills it if it did not. */
    boolean awaitExit(Duration bound) throws InterruptedException {
        if (process.waitFor(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) return true;
        kill();
        return false;
    }
}
