package io.iotls.mqtt.internal.client;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * The delay before each automatic attempt: {@code min * 2^n}, capped at {@code max}, with full jitter above
 * {@code min}. A connection that ends before it was {@linkplain #stableAfter stable} does not reset the count: a link
 * that flaps right after CONNACK backs off like one that refuses, instead of turning into a storm of connections.
 * Not thread-safe: owned by {@link Lifecycle}.
 */
final class ReconnectBackoff {
    private final long minMillis;
    private final long maxMillis;
    private final long stableNanos;
    private final LongUnaryOperator jitter; // bound (exclusive) -> a value in [0, bound)
    private int failures; // attempts since the last stable connection
    private long connectedAtNanos = -1;

    ReconnectBackoff(Duration min, Duration max, LongUnaryOperator jitter) {
        this.minMillis = min.toMillis();
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.stableNanos = stableAfter(min, max).toNanos();
        this.jitter = jitter;
    }

    /** A connection counts as stable once it has lasted this long: the longest backoff, but at most 10 s, at least 1 s. */
    static Duration stableAfter(Duration min, Duration max) {
        long millis = Math.max(1000, Math.min(max.toMillis(), 10_000));
        return Duration.ofMillis(Math.max(millis, min.toMillis()));
    }

    /** CONNACK accepted at {@code nowNanos}. */
    void connected(long nowNanos) {
        connectedAtNanos = nowNanos;
    }

    /** The connection made at {@link #connected} ended at {@code nowNanos}. */
    void lost(long nowNanos) {
        if (connectedAtNanos >= 0 && nowNanos - connectedAtNanos >= stableNanos) failures = 0;
        connectedAtNanos = -1;
    }

    /** The delay before the next attempt; counts it. */
    Duration nextDelay() {
        long ceiling = Math.min(maxMillis, minMillis << Math.min(failures, 20));
        failures++;
        long spread = ceiling - minMillis;
        return Duration.ofMillis(minMillis + (spread <= 0 ? 0 : jitter.applyAsLong(spread + 1)));
    }

    /** Attempts since the last stable connection. */
    int failures() {
        return failures;
    }
}
