package io.iotls.transport;

import java.util.HexFormat;

/**
 * A pre-shared key: 1 to 64 bytes; TLS options refuse one under {@value #MIN_BYTES} bytes unless allowed explicitly.
 * {@code toString()} never shows it.
 */
public final class PskKey extends Secret {
    public static final int MAX_BYTES = 64;
    /** The shortest key TLS options accept by default: 128 bits. */
    public static final int MIN_BYTES = 16;

    private PskKey(byte[] key) {
        super(key);
    }

    public static PskKey of(byte[] key) {
        if (key.length == 0 || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a PSK key must be 1 to " + MAX_BYTES + " bytes, got " + key.length);
        }
        return new PskKey(key);
    }

    /** Parses hex as mosquitto's {@code --psk} takes it (no {@code 0x}, even length, up to 128 hex digits). */
    public static PskKey ofHex(String hex) {
        String h = hex.trim();
        if (h.startsWith("0x") || h.startsWith("0X")) h = h.substring(2);
        if (h.isEmpty() || h.length() % 2 != 0 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            // Do not echo the text: it is (a typo of) the secret.
            throw new IllegalArgumentException("a PSK key must be an even number of hex digits (0-9, a-f), "
                    + "1 to " + MAX_BYTES + " bytes; the value given (" + h.length() + " characters) is not");
        }
        return of(HexFormat.of().parseHex(h));
    }

    /** The key's length in bytes (no secret). */
    public int length() {
        return copyOfBytesLength();
    }

    /** The key bytes, a fresh copy; the caller should wipe it after use. */
    public byte[] bytes() {
        return copyOfBytes();
    }
}
