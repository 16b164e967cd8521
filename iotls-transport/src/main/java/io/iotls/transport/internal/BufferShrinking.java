package io.iotls.transport.internal;

/** A protocol that can give back the buffers its handshake grew (BC keeps them at their high-water mark). */
interface BufferShrinking {
    /** Call with the pump's lock held. */
    void shrinkBuffers();
}
