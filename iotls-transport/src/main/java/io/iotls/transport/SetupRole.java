package io.iotls.transport;

/** Whose TLS files a {@link SetupCheck} looks at: a device's (TLS client) or a broker's (TLS server). */
public enum SetupRole { DEVICE, BROKER }
