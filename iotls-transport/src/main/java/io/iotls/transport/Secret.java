package io.iotls.transport;

import java.security.MessageDigest;

/**
 * Bytes that must never be printed: copied in and out, compared in constant time, {@code toString()} redacted.
 * Base of {@link PskKey} and {@link Password}.
 */
abstract sealed class Secret permits PskKey, Password {
    private final byte[] bytes;

    Secret(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    final byte[] copyOfBytes() {
        return bytes.clone();
    }

    final int copyOfBytesLength() {
        return bytes.length;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && MessageDigest.isEqual(bytes, ((Secret) o).bytes);
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode(); // no information about the bytes
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[redacted]";
    }
}
