package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttMessage;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs the application's message handlers off the shared I/O thread, one message after another in arrival order, on a
 * virtual thread started while messages wait. A handler may block (even publish and wait for the acknowledgement)
 * without holding up any connection. When handlers fall behind, the connection stops reading until they catch up, so
 * a fast broker meets TCP back-pressure, not an ever-growing queue.
 */
final class HandlerQueue {
    /** Reading pauses with this many messages waiting, or this many payload bytes, and resumes at half of both. */
    static final int PAUSE_AT = 1024;
    static final long PAUSE_AT_BYTES = 8L << 20;

    private final Consumer<MqttMessage> handlers;
    private final ReentrantLock lock = new ReentrantLock();
    /** A message, and what follows once its handlers returned (its acknowledgement), or null. */
    private record Item(MqttMessage message, Runnable afterHandled) {}

    private final ArrayDeque<Item> waiting = new ArrayDeque<>();
    private long waitingBytes; // guarded by lock: payload bytes of the waiting messages
    private boolean running; // guarded by lock
    /** Connections told to stop reading, each once (a reconnect brings a new one). Guarded by lock. */
    private final java.util.Set<Source> paused = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Where messages come from: a connection that can stop reading and start again. */
    @FunctionalInterface
    interface Source {
        void reading(boolean on);
    }

    HandlerQueue(Consumer<MqttMessage> handlers) {
        this.handlers = handlers;
    }

    /**
     * Queues a message. While too many wait, {@code from} is told to stop reading; once the handlers have caught up,
     * every connection told so is told to go on.
     */
    void add(MqttMessage message, Source from) {
        add(message, null, from);
    }

    /** As {@link #add(MqttMessage, Source)}; {@code afterHandled} runs on the handler thread once the handlers returned. */
    void add(MqttMessage message, Runnable afterHandled, Source from) {
        lock.lock();
        try {
            waiting.addLast(new Item(message, afterHandled));
            waitingBytes += message.payloadLength();
            if ((waiting.size() >= PAUSE_AT || waitingBytes >= PAUSE_AT_BYTES) && paused.add(from)) from.reading(false);
            if (!running) {
                running = true;
                Thread.ofVirtual().name("iotls-mqtt-handler").start(this::drain);
            }
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        while (true) {
            Item next;
            java.util.List<Source> caughtUp = java.util.List.of();
            lock.lock();
            try {
                next = waiting.pollFirst();
                if (next == null) running = false;
                else waitingBytes -= next.message().payloadLength();
                if (!paused.isEmpty() && waiting.size() <= PAUSE_AT / 2 && waitingBytes <= PAUSE_AT_BYTES / 2) {
                    caughtUp = java.util.List.copyOf(paused);
                    paused.clear();
                }
            } finally {
                lock.unlock();
            }
            for (Source s : caughtUp) s.reading(true);
            if (next == null) return;
            handlers.accept(next.message());
            if (next.afterHandled() != null) next.afterHandled().run();
        }
    }
}
