package io.iotls.mqtt.internal.codec;

/**
 * The rules every MQTT string obeys (MQTT 5 1.5.4, 3.1.1 1.5.3): well-formed UTF-8, so no unpaired surrogate (Java's
 * encoder would silently send '?' instead), no U+0000, and at most 65,535 bytes. Checked before anything is queued
 * or sent, so a bad string fails its own call and nothing else.
 */
public final class MqttStrings {
    private MqttStrings() {}

    /** @param what the string's role, for the message: "topic", "response topic", "user property name", ... */
    public static void check(String what, String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') throw new IllegalArgumentException(what + " must not contain U+0000 (at index " + i + ")");
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                bytes += 4;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " holds an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                        + " at index " + i + ": not valid UTF-8, so not a valid MQTT string");
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > 0xFFFF) throw new IllegalArgumentException(what + " is " + bytes + " bytes of UTF-8; MQTT strings hold at most 65,535");
    }
}
