package io.iotls.mqtt.internal.codec;

import java.io.IOException;

/** A packet from the broker that breaks the MQTT specification; the connection must be closed. */
public final class MalformedPacketException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }
}
