package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.ClientState;
import io.iotls.mqtt.MqttException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The one owner of a client's connection attempts: its {@link ClientState}, which attempt may install a connection,
 * and when the next automatic attempt starts. Every attempt has an id; only the attempt whose id is current may install
 * its connection, so a {@code connect()} racing the reconnect timer, a {@code disconnect()} or {@code close()} during a
 * handshake, or a loss during {@code connect()} can never leave two connections or two attempts. At most one timer is
 * pending. Not thread-safe: every method is called from a task of the client's {@link SessionExecutor}, and makes no
 * call outward but {@link Scheduler#schedule}, which only schedules. Only {@link #state()} and {@link #connections()}
 * may be read from any thread (one writer, published as volatile).
 */
final class Lifecycle {
    /** Starts automatic attempt {@code id} after {@code delay}, on another thread. */
    @FunctionalInterface
    interface Scheduler {
        Future<?> schedule(long id, Duration delay);
    }

    private final ReconnectBackoff backoff;
    private final boolean autoReconnect;
    private final Scheduler scheduler;
    private volatile ClientState state = ClientState.DISCONNECTED;
    private long currentAttempt;
    /** The current attempt was started by the timer, or by connect() while a reconnect was scheduled. */
    private boolean reconnecting;
    private Future<?> timer;
    private volatile int connections;

    Lifecycle(ReconnectBackoff backoff, boolean autoReconnect, Scheduler scheduler) {
        this.backoff = backoff;
        this.autoReconnect = autoReconnect;
        this.scheduler = scheduler;
    }

    ClientState state() {
        return state;
    }

    /** {@code connect()} by the application: a new attempt, or an exception that names what is in the way. */
    long beginUserAttempt() throws MqttException {
        switch (state) {
            case CLOSED -> throw new MqttException("the client is closed");
            case CONNECTED -> throw new MqttException("already connected");
            case CONNECTING -> throw new MqttException("a connection attempt is already under way ("
                    + (reconnecting ? "automatic reconnect" : "connect()") + "): a client makes one at a time");
            case RECONNECTING -> { // the application does not want to wait for the timer: this attempt replaces it
                cancelTimer();
                reconnecting = true;
            }
            case DISCONNECTED -> reconnecting = false;
        }
        state = ClientState.CONNECTING;
        return ++currentAttempt;
    }

    /** The timer of attempt {@code id} fired: true if that attempt may start (nothing replaced or ended it). */
    boolean beginAutomaticAttempt(long id) {
        if (state != ClientState.RECONNECTING || id != currentAttempt) return false;
        timer = null;
        state = ClientState.CONNECTING;
        reconnecting = true;
        return true;
    }

    /** True while attempt {@code id} may install its connection. */
    boolean owns(long id) {
        return state == ClientState.CONNECTING && id == currentAttempt;
    }

    /** Attempt {@code id}, which {@link #owns} the client, has its CONNACK; returns the attempt number (1 = first). */
    int connected(long nowNanos) {
        state = ClientState.CONNECTED;
        connections = connections + 1; // one writer: the session
        int attempt = reconnecting ? Math.max(1, backoff.failures()) : 1;
        backoff.connected(nowNanos);
        return attempt;
    }

    /** Connections made so far (each CONNACK accepted). */
    int connections() {
        return connections;
    }

    /**
     * Attempt {@code id} failed. With auto-reconnect the next is scheduled, even after the first {@code connect()}: a
     * device that boots while its broker is away keeps trying (and buffers publishes); without, the client is
     * disconnected.
     * @return the delay before the next attempt, if one is scheduled
     */
    Optional<Duration> attemptFailed(long id) {
        if (!owns(id)) return Optional.empty();
        if (autoReconnect) return scheduleNext();
        state = ClientState.DISCONNECTED;
        return Optional.empty();
    }

    /** The live connection ended without the application asking. */
    Optional<Duration> lost(long nowNanos) {
        backoff.lost(nowNanos);
        if (state != ClientState.CONNECTED) return Optional.empty();
        if (autoReconnect) return scheduleNext();
        state = ClientState.DISCONNECTED;
        return Optional.empty();
    }

    /** Attempt number of the scheduled attempt (1 = first after a stable connection). */
    int scheduledAttempt() {
        return backoff.failures();
    }

    private Optional<Duration> scheduleNext() {
        Duration delay = backoff.nextDelay();
        state = ClientState.RECONNECTING;
        timer = scheduler.schedule(++currentAttempt, delay);
        return Optional.of(delay);
    }

    /** {@code disconnect()}: no attempt runs or follows. */
    void disconnected() {
        cancelTimer();
        currentAttempt++;
        if (state != ClientState.CLOSED) state = ClientState.DISCONNECTED;
    }

    /** {@code close()}: for good. */
    void closed() {
        cancelTimer();
        currentAttempt++;
        state = ClientState.CLOSED;
    }

    private void cancelTimer() {
        if (timer != null) timer.cancel(false);
        timer = null;
    }
}
