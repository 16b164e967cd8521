package io.iotls.mqtt.internal.codec;

import java.io.IOException;

/**
 * A packet that breaks the MQTT specification. The connection must end; with MQTT 5 the client first sends
 * DISCONNECT with {@link #reasonCode()} (0x81 malformed packet, 0x82 protocol error, 0x95 packet too large).
 */
public final class MalformedPacketException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int reasonCode;

    public MalformedPacketException(int reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public MalformedPacketException(String message) {
        this(ReasonCodes.MALFORMED_PACKET, message);
    }

    public int reasonCode() {
        return reasonCode;
    }
}
