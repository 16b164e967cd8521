package io.iotls.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/** mosquitto's psk_file: one {@code identity:hexkey} per line. */
public final class PskFile {
    private PskFile() {}

    /** Appends a random key of {@code bytes} bytes for {@code identity}; returns the key in hex. */
    public static String appendRandom(Path file, String identity, int bytes) throws IOException {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return append(file, identity, key);
    }

    public static String append(Path file, String identity, byte[] key) throws IOException {
        if (identity.isEmpty() || identity.contains(":") || identity.contains("\n")) {
            throw new IllegalArgumentException("a psk_file identity must be non-empty, without ':' or newlines");
        }
        String hex = HexFormat.of().formatHex(key);
        Files.writeString(file, identity + ":" + hex + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return hex;
    }
}
