package io.iotls.mqtt.internal.client;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * MQTT keep-alive for one connection (MQTT 3.1.2.10): a PINGREQ once nothing was written for the keep-alive interval,
 * and the connection's end if its PINGRESP has not come within another. Checked on the shared timer a few times per
 * interval; the check never blocks that thread: the ping and the end run on a virtual thread of their own.
 */
final class KeepAlive {
    /** What keep-alive needs of its connection. */
    interface Watched {
        boolean isOpen();

        /** System.nanoTime() of the last write. */
        long lastWriteNanos();

        /** Sends PINGREQ (from a virtual thread). */
        void ping();

        /** No PINGRESP in time: ends the connection (from a virtual thread). */
        void timedOut(ConnectionEnded.KeepAliveTimeout why);
    }

    private final Duration interval;
    private final Watched connection;
    /** When the unanswered PINGREQ went out, or 0: written by the timer and by the reader of PINGRESP. */
    private volatile long pingSentNanos;
    private volatile ScheduledFuture<?> task;

    KeepAlive(Duration interval, Watched connection) {
        this.interval = interval;
        this.connection = connection;
    }

    /** Starts checking; a zero interval (keep-alive off) checks nothing. */
    void start() {
        if (interval.isZero()) return;
        long period = Math.max(50, interval.toMillis() / 4);
        task = SharedScheduler.TIMERS.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    void pingAnswered() {
        pingSentNanos = 0;
    }

    void stop() {
        if (task != null) task.cancel(false);
    }

    private void check() {
        if (!connection.isOpen()) return;
        long limit = interval.toNanos();
        long now = System.nanoTime();
        if (pingSentNanos != 0 && now - pingSentNanos > limit) {
            Thread.ofVirtual().start(() -> connection.timedOut(new ConnectionEnded.KeepAliveTimeout(interval.getSeconds())));
            return;
        }
        if (pingSentNanos == 0 && now - connection.lastWriteNanos() >= limit) {
            pingSentNanos = now;
            Thread.ofVirtual().start(connection::ping);
        }
    }
}
