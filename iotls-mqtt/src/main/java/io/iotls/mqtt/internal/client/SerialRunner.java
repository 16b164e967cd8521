package io.iotls.mqtt.internal.client;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order they were posted, on a virtual thread started while tasks wait: never on the
 * thread that posted them (often the shared I/O thread, or one running a session task). A client has one for its
 * lifecycle events and one for its message store's file work.
 */
final class SerialRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SerialRunner.class);
    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>(); // guarded by lock
    private boolean running; // guarded by lock

    SerialRunner(String threadName) {
        this.threadName = threadName;
    }

    void post(Runnable event) {
        lock.lock();
        try {
            waiting.addLast(event);
            if (running) return;
            running = true;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name(threadName).start(this::drain);
    }

    /** Waits until everything posted so far has run, at most {@code timeout}; false if it had not by then. */
    boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        post(done::countDown);
        return done.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void drain() {
        while (true) {
            Runnable next;
            lock.lock();
            try {
                next = waiting.pollFirst();
                if (next == null) {
                    running = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: a task threw {}", threadName, e.toString());
            }
        }
    }
}
