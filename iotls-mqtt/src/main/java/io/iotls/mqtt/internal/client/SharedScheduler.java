package io.iotls.mqtt.internal.client;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One scheduler, on a virtual thread, for the timers of every client in the JVM: keep-alive checks, reconnect delays,
 * call timeouts, the wait for a stuck write. No thread per idle connection. A task run here must not block: one that
 * may wait starts a virtual thread of its own.
 */
final class SharedScheduler {
    static final ScheduledExecutorService TIMERS =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("iotls-mqtt-timers").factory());

    private SharedScheduler() {}
}
