package io.iotls.mqtt.internal.codec;

/** Size limits of the protocol itself. */
public final class Limits {
    /** 268,435,455: the largest remaining length (1.5.5). */
    public static final int MAX_VARIABLE_BYTE_INTEGER = 268_435_455;

    private Limits() {}
}
