package io.iotls.mqtt;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Received messages for cyclic programs (a PLC task polls once per cycle). Bounded; when full the overflow policy
 * decides which message is dropped, and every drop is counted in {@link #overflowCount()}, never silent.
 */
public final class MessageQueue {
    /** What a full queue gives up. */
    public enum OverflowPolicy {
        /** Drop the oldest queued message to keep the newest (good for states: the latest value wins). */
        DROP_OLDEST,
        /** Drop the arriving message (good for event streams read in order). */
        DROP_NEWEST
    }

    private final int capacity;
    private final OverflowPolicy policy;
    private final ArrayDeque<MqttMessage> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final AtomicLong overflows = new AtomicLong();

    public MessageQueue(int capacity, OverflowPolicy policy) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
        this.policy = policy;
    }

    /** Adds a message, dropping one per the overflow policy when full (the client calls this; tests may too). */
    public void offer(MqttMessage message) {
        lock.lock();
        try {
            if (queue.size() == capacity) {
                overflows.incrementAndGet();
                if (policy == OverflowPolicy.DROP_NEWEST) return;
                queue.pollFirst();
            }
            queue.addLast(message);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest message, or null if none is queued. Never blocks. */
    public MqttMessage poll() {
        lock.lock();
        try {
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest message, waiting up to {@code timeout}; null if none came. */
    public MqttMessage poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (nanos <= 0) return null;
                nanos = notEmpty.awaitNanos(nanos);
            }
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Messages dropped because the queue was full. */
    public long overflowCount() {
        return overflows.get();
    }

}
