package io.iotls.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Jitter that always takes the top of the range: the delays are the ceilings. */
    private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), bound -> bound - 1);

    @Test
    void delaysDoubleFromMinUpToMax() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) delays.add(backoff.nextDelay().toMillis());
        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
    }

    @Test
    void aConnectionThatDiesSoonAfterConnackCountsAsAFailedAttempt() {
        long now = 0;
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(backoff.nextDelay().toMillis());
            backoff.connected(now);
            now += SECOND / 2; // flapping: lost half a second after CONNACK
            backoff.lost(now);
        }
        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1600L);
        assertThat(backoff.failures()).isEqualTo(5);
    }

    @Test
    void aStableConnectionStartsTheBackoffAgain() {
        for (int i = 0; i < 4; i++) backoff.nextDelay();
        backoff.connected(0);
        backoff.lost(ReconnectBackoff.stableAfter(Duration.ofMillis(100), Duration.ofSeconds(2)).toNanos());
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.nextDelay().toMillis()).isEqualTo(100);
    }

    @Test
    void jitterStaysBetweenMinAndTheCeiling() {
        var random = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2),
                bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
        for (int i = 0; i < 200; i++) {
            long ceiling = Math.min(2000, 100L << Math.min(i, 20));
            assertThat(random.nextDelay().toMillis()).isBetween(100L, ceiling);
        }
    }

    @Test
    void stableMeansTheLongestDelayButAtMostTenSeconds() {
        assertThat(ReconnectBackoff.stableAfter(Duration.ofMillis(50), Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(ReconnectBackoff.stableAfter(Duration.ofMillis(50), Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(10));
        assertThat(ReconnectBackoff.stableAfter(Duration.ofMillis(10), Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(1));
    }
}
