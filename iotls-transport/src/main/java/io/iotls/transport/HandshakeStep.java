package io.iotls.transport;

/**
 * The steps of a TLS handshake, named as in the seed's TLS 1.2 walk-through, plus the TLS 1.3 messages under
 * their own names, what comes before the handshake (set-up, TCP connect, a proxy tunnel) and the WebSocket upgrade
 * after it.
 */
public enum HandshakeStep {
    SETUP("Setup", Sender.CLIENT, "loading keys, certificates and CRLs before connecting"),
    TCP_CONNECT("TCP connect", Sender.CLIENT, "opening the TCP connection"),
    PROXY_TUNNEL("Proxy tunnel", Sender.CLIENT, "HTTP CONNECT or SOCKS5 through a proxy to the broker"),
    CLIENT_HELLO("ClientHello", Sender.CLIENT, "versions, random, cipher suites offered"),
    SERVER_HELLO("ServerHello", Sender.SERVER, "chosen version and cipher suite, server random"),
    HELLO_RETRY_REQUEST("HelloRetryRequest", Sender.SERVER, "TLS 1.3: server asks for another key share"),
    ENCRYPTED_EXTENSIONS("EncryptedExtensions", Sender.SERVER, "TLS 1.3: extensions sent encrypted"),
    SERVER_CERTIFICATE("Certificate (server)", Sender.SERVER, "the server's certificate chain"),
    CERTIFICATE_STATUS("CertificateStatus", Sender.SERVER, "TLS 1.2: the stapled OCSP response for the server's certificate"),
    SERVER_KEY_EXCHANGE("ServerKeyExchange", Sender.SERVER, "(EC)DHE parameters or PSK identity hint"),
    CERTIFICATE_REQUEST("CertificateRequest", Sender.SERVER, "server asks for a client certificate"),
    SERVER_CERTIFICATE_VERIFY("CertificateVerify (server)", Sender.SERVER, "TLS 1.3: server proves it holds its key"),
    SERVER_HELLO_DONE("ServerHelloDone", Sender.SERVER, "server's first flight is complete"),
    CLIENT_CERTIFICATE("Certificate (client)", Sender.CLIENT, "the client's certificate chain, or none"),
    CLIENT_KEY_EXCHANGE("ClientKeyExchange", Sender.CLIENT, "pre-master secret or (EC)DHE public value"),
    CLIENT_CERTIFICATE_VERIFY("CertificateVerify (client)", Sender.CLIENT, "client proves it holds its key"),
    CLIENT_CHANGE_CIPHER_SPEC("ChangeCipherSpec (client)", Sender.CLIENT, "client switches to symmetric keys"),
    CLIENT_FINISHED("Finished (client)", Sender.CLIENT, "MAC over the handshake, client side"),
    NEW_SESSION_TICKET("NewSessionTicket", Sender.SERVER, "a ticket to resume this session later"),
    HELLO_REQUEST("HelloRequest", Sender.SERVER, "TLS 1.2, after the handshake: the server asks to renegotiate (iotls never does)"),
    SERVER_KEY_UPDATE("KeyUpdate (server)", Sender.SERVER, "TLS 1.3, after the handshake: the server changes its traffic keys"),
    CLIENT_KEY_UPDATE("KeyUpdate (client)", Sender.CLIENT, "TLS 1.3, after the handshake: the client changes its traffic keys"),
    SERVER_CHANGE_CIPHER_SPEC("ChangeCipherSpec (server)", Sender.SERVER, "server switches to symmetric keys"),
    SERVER_FINISHED("Finished (server)", Sender.SERVER, "MAC over the handshake, server side"),
    UNEXPECTED_RECORD("Unexpected record (server)", Sender.SERVER, "a record the handshake does not expect at this point"),
    APPLICATION_DATA("ApplicationData", Sender.CLIENT, "encrypted application data"),
    WEBSOCKET_UPGRADE("WebSocket upgrade", Sender.CLIENT, "HTTP GET with Upgrade: websocket; the broker answers 101 Switching Protocols");

    /** Who sends the message of this step. */
    public enum Sender { CLIENT, SERVER }

    private final String displayName;
    private final Sender sender;
    private final String meaning;

    HandshakeStep(String displayName, Sender sender, String meaning) {
        this.displayName = displayName;
        this.sender = sender;
        this.meaning = meaning;
    }

    public Sender sender() {
        return sender;
    }

    /** One line on what the step is for. */
    public String meaning() {
        return meaning;
    }

    /** The seed's name, e.g. {@code Certificate (server)}. */
    @Override
    public String toString() {
        return displayName;
    }
}
