package io.iotls.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.mqtt.ClientState;
import io.iotls.mqtt.MqttException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The rules that keep a client to one connection and one attempt at a time, without threads or a network. */
class LifecycleTest {
    /** Timers the lifecycle asked for, by attempt id; none fires by itself. */
    private final List<Long> scheduled = new ArrayList<>();
    private final List<Future<?>> timers = new ArrayList<>();

    private Lifecycle lifecycle(boolean autoReconnect) {
        return new Lifecycle(new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), b -> 0), autoReconnect,
                (id, delay) -> {
                    scheduled.add(id);
                    Future<?> timer = new CompletableFuture<>();
                    timers.add(timer);
                    return timer;
                });
    }

    @Test
    void aSecondConnectWhileOneRunsIsRefusedNamingTheAttempt() throws Exception {
        Lifecycle l = lifecycle(true);
        l.beginUserAttempt();
        assertThatThrownBy(l::beginUserAttempt).isInstanceOf(MqttException.class).hasMessageContaining("already under way (connect())");
    }

    @Test
    void connectWhileConnectedIsRefused() throws Exception {
        Lifecycle l = lifecycle(true);
        l.beginUserAttempt();
        l.connected(0);
        assertThatThrownBy(l::beginUserAttempt).hasMessage("already connected");
    }

    @Test
    void aLostConnectionSchedulesExactlyOneAttempt() throws Exception {
        Lifecycle l = lifecycle(true);
        l.beginUserAttempt();
        l.connected(0);
        assertThat(l.lost(1)).isPresent();
        assertThat(l.lost(2)).as("a second report of the same loss").isEmpty();
        assertThat(scheduled).hasSize(1);
        assertThat(l.state()).isEqualTo(ClientState.RECONNECTING);
    }

    @Test
    void connectDuringReconnectingReplacesTheTimerAndTheTimerThenDoesNothing() throws Exception {
        Lifecycle l = lifecycle(true);
        l.beginUserAttempt();
        l.connected(0);
        l.lost(1);
        long timerAttempt = scheduled.get(0);
        long userAttempt = l.beginUserAttempt();
        assertThat(timers.get(0).isCancelled()).isTrue();
        assertThat(l.beginAutomaticAttempt(timerAttempt)).as("the replaced timer fires anyway").isFalse();
        assertThat(l.owns(userAttempt)).isTrue();
    }

    @Test
    void anAttemptThatLostTheClientMayNotInstallItsConnection() throws Exception {
        Lifecycle l = lifecycle(true);
        long attempt = l.beginUserAttempt();
        l.disconnected();
        assertThat(l.owns(attempt)).isFalse();
        assertThat(l.attemptFailed(attempt)).isEmpty();
        assertThat(l.state()).isEqualTo(ClientState.DISCONNECTED);
    }

    @Test
    void withAutoReconnectEveryFailedAttemptSchedulesTheNextEvenTheFirstConnect() throws Exception {
        Lifecycle l = lifecycle(true);
        long first = l.beginUserAttempt();
        assertThat(l.attemptFailed(first)).isPresent();
        long auto = scheduled.get(0);
        assertThat(l.beginAutomaticAttempt(auto)).isTrue();
        assertThat(l.attemptFailed(auto)).isPresent();
        assertThat(scheduled).hasSize(2);
        assertThat(l.state()).isEqualTo(ClientState.RECONNECTING);
    }

    @Test
    void withoutAutoReconnectAFailedConnectLeavesTheClientDisconnected() throws Exception {
        Lifecycle l = lifecycle(false);
        long first = l.beginUserAttempt();
        assertThat(l.attemptFailed(first)).isEmpty();
        assertThat(l.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void closeEndsTheTimerAndEveryAttempt() throws Exception {
        Lifecycle l = lifecycle(true);
        l.beginUserAttempt();
        l.connected(0);
        l.lost(1);
        l.closed();
        assertThat(timers.get(0).isCancelled()).isTrue();
        assertThat(l.beginAutomaticAttempt(scheduled.get(0))).isFalse();
        assertThatThrownBy(l::beginUserAttempt).hasMessage("the client is closed");
        assertThat(l.state()).isEqualTo(ClientState.CLOSED);
    }

    @Test
    void withoutAutoReconnectALossLeavesTheClientDisconnected() throws Exception {
        Lifecycle l = lifecycle(false);
        l.beginUserAttempt();
        l.connected(0);
        assertThat(l.lost(1)).isEmpty();
        assertThat(l.state()).isEqualTo(ClientState.DISCONNECTED);
        assertThat(scheduled).isEmpty();
    }
}
