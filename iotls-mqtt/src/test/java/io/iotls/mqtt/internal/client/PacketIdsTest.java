package io.iotls.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.mqtt.MqttException;
import org.junit.jupiter.api.Test;

/** MQTT 2.2.1 packet identifiers: in turn, never one that is held, every one of the 65,535 usable. */
class PacketIdsTest {
    @Test
    void identifiersComeInTurnAndSkipThoseStillHeld() throws Exception {
        var ids = new PacketIds();
        assertThat(ids.hold(3)).as("restored from the store").isTrue();
        assertThat(ids.hold(3)).as("held twice").isFalse();
        assertThat(ids.take()).isEqualTo(1);
        assertThat(ids.take()).isEqualTo(2);
        assertThat(ids.take()).as("3 is held").isEqualTo(4);
        ids.release(1);
        assertThat(ids.hold(0)).isFalse();
        assertThat(ids.hold(65_536)).isFalse();
    }

    @Test
    void allSixtyFiveThousandFiveHundredThirtyFiveCanBeHeldAndThenNoneIsGiven() throws Exception {
        var ids = new PacketIds();
        for (int i = 1; i <= 65_535; i++) assertThat(ids.take()).isEqualTo(i);
        assertThatThrownBy(ids::take).isInstanceOf(MqttException.class).hasMessageContaining("all 65,535 packet identifiers are in use");
        ids.release(40_000);
        assertThat(ids.take()).as("the one given back, found after the wrap").isEqualTo(40_000);
    }
}
