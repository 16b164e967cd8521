package io.iotls.transport.internal.websocket;

import java.io.IOException;

/**
 * Reads a server's WebSocket frames (RFC 6455 5.2) from bytes that arrive in pieces of any size, holding no payload:
 * data is passed on as it arrives, so a frame may be larger than any buffer. MQTT runs in binary frames only (MQTT
 * 3.1.1 and 5 section 6): a text frame, a masked frame from the server, reserved bits or opcodes, a fragmented or
 * oversized control frame end the connection with a {@link WebSocketProtocolException}.
 */
final class FrameDecoder {
    static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    /** Where decoded frames go. */
    interface Events {
        /** Payload of a binary frame (or its continuation); the array is the caller's and reused once this returns. */
        void data(byte[] bytes, int offset, int length) throws IOException;

        /** A whole control frame: close, ping or pong. */
        void control(int opcode, byte[] payload) throws IOException;
    }

    private enum State { HEADER, CONTROL_PAYLOAD, DATA_PAYLOAD }

    private State state = State.HEADER;
    private final byte[] header = new byte[10]; // never masked from a server: 2 + at most 8 length bytes
    private int headerHave;
    private int headerNeed = 2;
    private int opcode;
    private long payloadLeft;
    private byte[] control;
    private int controlHave;
    /** A binary message was begun without FIN: its continuation frames follow. */
    private boolean inFragmentedMessage;

    /** How many more bytes this decoder needs for the next step: the rest of a header, a control frame or the data. */
    long wants() {
        return switch (state) {
            case HEADER -> headerNeed - headerHave;
            case CONTROL_PAYLOAD -> control.length - controlHave;
            case DATA_PAYLOAD -> payloadLeft;
        };
    }

    /** True while the next bytes are payload of a data frame (which a blocking reader reads straight to its caller). */
    boolean inDataPayload() {
        return state == State.DATA_PAYLOAD;
    }

    /** For a blocking reader that read {@code n} data bytes itself: counts them off the frame. */
    void consumedData(int n) {
        payloadLeft -= n;
        if (payloadLeft == 0) nextFrame();
    }

    /** Decodes {@code length} bytes, giving each finished frame or piece of data to {@code events}. */
    void feed(byte[] bytes, int offset, int length, Events events) throws IOException {
        int end = offset + length;
        while (offset < end) {
            switch (state) {
                case HEADER -> {
                    int n = Math.min(headerNeed - headerHave, end - offset);
                    System.arraycopy(bytes, offset, header, headerHave, n);
                    headerHave += n;
                    offset += n;
                    if (headerHave == headerNeed) headerComplete(events);
                }
                case CONTROL_PAYLOAD -> {
                    int n = Math.min(control.length - controlHave, end - offset);
                    System.arraycopy(bytes, offset, control, controlHave, n);
                    controlHave += n;
                    offset += n;
                    if (controlHave == control.length) controlComplete(events);
                }
                case DATA_PAYLOAD -> {
                    int n = (int) Math.min(payloadLeft, end - offset);
                    events.data(bytes, offset, n);
                    offset += n;
                    consumedData(n);
                }
            }
        }
    }

    private void headerComplete(Events events) throws IOException {
        if (headerNeed == 2) {
            if ((header[0] & 0x70) != 0) throw new WebSocketProtocolException("reserved bits set in a frame header (no extension was agreed)");
            if ((header[1] & 0x80) != 0) throw new WebSocketProtocolException("the broker masked a frame (RFC 6455 5.1: servers must not)");
            int len7 = header[1] & 0x7f;
            int more = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
            if (more > 0) {
                headerNeed += more;
                return;
            }
        }
        boolean fin = (header[0] & 0x80) != 0;
        opcode = header[0] & 0x0f;
        long length = payloadLength();
        switch (opcode) {
            case CLOSE, PING, PONG -> {
                if (!fin) throw new WebSocketProtocolException("a fragmented control frame (opcode " + opcode + ")");
                if (length > MAX_CONTROL_PAYLOAD) throw new WebSocketProtocolException("a control frame of " + length + " bytes (at most 125)");
                control = new byte[(int) length];
                controlHave = 0;
                state = State.CONTROL_PAYLOAD;
                if (length == 0) controlComplete(events);
            }
            case BINARY, CONTINUATION -> {
                if (opcode == BINARY && inFragmentedMessage) throw new WebSocketProtocolException("a new message began inside a fragmented one");
                if (opcode == CONTINUATION && !inFragmentedMessage) throw new WebSocketProtocolException("a continuation frame without a message to continue");
                inFragmentedMessage = !fin;
                payloadLeft = length;
                state = State.DATA_PAYLOAD;
                if (length == 0) nextFrame();
            }
            case TEXT -> throw new WebSocketProtocolException("a text frame: MQTT runs in binary frames only (MQTT section 6)");
            default -> throw new WebSocketProtocolException("a frame with the reserved opcode " + opcode);
        }
    }

    private long payloadLength() throws WebSocketProtocolException {
        int len7 = header[1] & 0x7f;
        if (len7 < 126) return len7;
        long length = 0;
        for (int i = 2; i < headerNeed; i++) length = (length << 8) | (header[i] & 0xff);
        if (length < 0) throw new WebSocketProtocolException("a frame length with its most significant bit set");
        if (len7 == 126 ? length < 126 : length <= 0xffff) throw new WebSocketProtocolException("a frame length not in its shortest form");
        return length;
    }

    private void controlComplete(Events events) throws IOException {
        byte[] payload = control;
        int op = opcode;
        nextFrame();
        events.control(op, payload);
    }

    private void nextFrame() {
        state = State.HEADER;
        headerHave = 0;
        headerNeed = 2;
        control = null;
    }
}
