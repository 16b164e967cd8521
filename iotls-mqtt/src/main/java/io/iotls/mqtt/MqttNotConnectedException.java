package io.iotls.mqtt;

/** A call that needs a connection, made while the client has none and is not making one (see {@link ClientState}). */
public final class MqttNotConnectedException extends MqttException {
    private static final long serialVersionUID = 1L;
    private final ClientState state;

    public MqttNotConnectedException(String call, ClientState state) {
        super(call + " needs a connection, and the client is " + state + switch (state) {
            case CLOSED, CONNECTED -> "";
            case CONNECTING, RECONNECTING -> ": try again once it is connected (a lifecycle listener tells when)";
            case DISCONNECTED -> ": call connect() first, or enable autoReconnect to have the client wait for the broker";
        });
        this.state = state;
    }

    /** The state the client was in when the call was refused. */
    public ClientState state() {
        return state;
    }
}
