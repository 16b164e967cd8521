package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttMessage;
import java.util.function.Function;

/**
 * The payload of an {@link MqttMessage} as the client engine reads it to encode a PUBLISH: the message's own array,
 * not the copy {@link MqttMessage#payload()} hands to applications (the engine never changes it). The message
 * class registers the reader when it is initialised, which happens before any message reaches the engine.
 */
public final class PayloadAccess {
    private static volatile Function<MqttMessage, byte[]> reader;

    private PayloadAccess() {}

    /** Called once, by {@link MqttMessage}. */
    public static void register(Function<MqttMessage, byte[]> payloadReader) {
        if (reader != null) throw new IllegalStateException("already registered");
        reader = payloadReader;
    }

    static byte[] payloadOf(MqttMessage m) {
        return reader.apply(m);
    }
}
