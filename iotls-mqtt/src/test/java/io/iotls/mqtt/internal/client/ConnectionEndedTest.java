package io.iotls.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.mqtt.DisconnectReason;
import io.iotls.mqtt.internal.codec.MalformedPacketException;
import io.iotls.mqtt.internal.codec.ReasonCodes;
import java.io.EOFException;
import java.net.SocketException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionEndedTest {

    @Test
    void disconnectWithReason0x8EIsASessionTakeover() {
        var ended = ConnectionEnded.of(new ConnectionEnded.BrokerDisconnect(0x8E, Optional.of("Session taken over")));
        assertThat(ended.reason()).isEqualTo(DisconnectReason.SESSION_TAKEN_OVER);
        assertThat(ended.reasonCode()).contains(0x8E);
        assertThat(ended.reasonString()).contains("Session taken over");
        assertThat(ended.cause()).hasMessageContaining("another client connected with this client id");
    }

    @Test
    void otherBrokerDisconnectsKeepTheirCode() {
        var ended = ConnectionEnded.of(new ConnectionEnded.BrokerDisconnect(0x8B, Optional.empty()));
        assertThat(ended.reason()).isEqualTo(DisconnectReason.BROKER_DISCONNECT);
        assertThat(ended.reasonCode()).contains(0x8B);
    }

    @Test
    void eachCauseHasItsReason() {
        assertThat(ConnectionEnded.of(new ConnectionEnded.KeepAliveTimeout(5)).reason()).isEqualTo(DisconnectReason.KEEP_ALIVE_TIMEOUT);
        assertThat(ConnectionEnded.of(new MalformedPacketException(ReasonCodes.PACKET_TOO_LARGE, "big")).reason())
                .isEqualTo(DisconnectReason.PACKET_TOO_LARGE);
        assertThat(ConnectionEnded.of(new MalformedPacketException("bad")).reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        assertThat(ConnectionEnded.of(new EOFException("closed")).reason()).isEqualTo(DisconnectReason.BROKER_CLOSED);
        assertThat(ConnectionEnded.of(new SocketException("Connection reset")).reason()).isEqualTo(DisconnectReason.IO_ERROR);
    }
}
