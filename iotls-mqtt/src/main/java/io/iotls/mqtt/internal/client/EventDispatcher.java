package io.iotls.mqtt.internal.client;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a client's lifecycle events one at a time, in the order they were posted, on a virtual thread started while
 * events wait: never on the thread that posted them (often the shared I/O thread or one holding the engine lock).
 */
final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>(); // guarded by lock
    private boolean running; // guarded by lock

    void post(Runnable event) {
        lock.lock();
        try {
            waiting.addLast(event);
            if (running) return;
            running = true;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("iotls-mqtt-events").start(this::drain);
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
                LOG.warn("lifecycle listener threw {}", e.toString());
            }
        }
    }
}
