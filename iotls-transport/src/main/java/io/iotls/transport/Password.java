package io.iotls.transport;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;

/** A key or key-store password. {@code toString()} never shows it. */
public final class Password extends Secret {
    private Password(byte[] utf8) {
        super(utf8);
    }

    public static Password of(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new Password(bytes);
    }

    public static Password of(String password) {
        return of(password.toCharArray());
    }

    /** The password, a fresh copy; the caller should wipe it after use. */
    public char[] chars() {
        CharBuffer c = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(copyOfBytes()));
        char[] chars = new char[c.remaining()];
        c.get(chars);
        return chars;
    }
}
