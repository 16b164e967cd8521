package io.iotls.transport.internal.io;

/** Tells code outside this package whether it runs on one of iotls' shared I/O threads. */
public final class IoThreads {
    private IoThreads() {}

    /** True on a shared I/O thread: whatever waits there holds up every connection it serves. */
    public static boolean isCurrent() {
        return IoLoop.isLoopThread();
    }
}
