package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What comes after the handshake, recorded as it is read and answered (issue 14: "renegotiation requests are shown
 * with our answer"): OpenSSL's s_server, driven through its own commands, asks to renegotiate or updates its keys.
 */
class AfterHandshakeTest {
    private final TestPki pki = SharedPki.get();

    private OpensslServer.Builder server() throws IOException {
        return OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).interactive();
    }

    private TlsConnection connect(OpensslServer server) throws IOException {
        TlsConnection c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build()).connect("localhost", server.port());
        c.readTimeout(Duration.ofSeconds(10));
        return c;
    }

    /**
     * A line from us, printed by s_server: its side of the handshake is complete, so its commands apply. (s_server
     * takes a command only when the line is alone in what it reads from standard input, so the tests wait for each.)
     */
    private static void roundTrip(TlsConnection c, OpensslServer server, String line) throws IOException {
        c.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        c.output().flush();
        server.awaitOutput(line, Duration.ofSeconds(10));
    }

    private static String readLine(TlsConnection c) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = c.input().read(); b != '\n'; b = c.input().read()) {
            if (b < 0) throw new IOException("connection ended after \"" + line + "\"");
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTls12RenegotiationRequestIsShownWithTheNoRenegotiationAnswer() throws Exception {
        try (var server = server().tls12Only().start(); var c = connect(server)) {
            roundTrip(c, server, "established");
            server.send("r"); // s_server: SSL_renegotiate, a HelloRequest to the client
            Throwable ended = catchThrowable(() -> c.input().read());
            assertThat(c.afterHandshake()).singleElement().satisfies(e -> {
                assertThat(e.step()).isEqualTo(HandshakeStep.HELLO_REQUEST);
                assertThat(e.details()).containsExactly("the server asks to renegotiate",
                        "answered with a no_renegotiation warning alert: iotls never renegotiates "
                                + "(a new handshake inside the connection; closed to the attacks of CVE-2009-3555)");
            });
            // OpenSSL takes the refusal as the end of the connection (handshake_failure): reported, not a hang
            assertThat(ended).as("the read after the refusal").isInstanceOf(IOException.class);
            assertThat(c.trace().steps()).doesNotContain(HandshakeStep.HELLO_REQUEST); // the handshake's trace stays as it was
        }
    }

    @Test
    void aTls13KeyUpdateThatAsksForOursIsShownAnsweredAndTheNewKeysCarryDataBothWays() throws Exception {
        try (var server = server().tls13Only().start(); var c = connect(server)) {
            roundTrip(c, server, "established");
            server.send("K"); // s_server: SSL_key_update(SSL_KEY_UPDATE_REQUESTED)
            // s_server reads its standard input before the socket in each round: once it printed this, K was taken alone
            roundTrip(c, server, "after K");
            server.send("after the update");
            assertThat(readLine(c)).isEqualTo("after the update"); // the KeyUpdate came before it: already handled
            roundTrip(c, server, "ours after the update"); // our new keys are the ones OpenSSL expects
            assertThat(c.afterHandshake()).extracting(TraceEntry::step).contains(HandshakeStep.NEW_SESSION_TICKET, HandshakeStep.SERVER_KEY_UPDATE);
            TraceEntry update = c.afterHandshake().stream().filter(e -> e.step() == HandshakeStep.SERVER_KEY_UPDATE).findFirst().orElseThrow();
            assertThat(update.details()).containsExactly("the server changes its traffic keys", "update_requested: it asks for ours",
                    "answered at once with our KeyUpdate");
            assertThat(c.afterHandshake().get(0).details()).singleElement().asString()
                    .matches("lifetime \\d+ s, kept to resume the next connection");
        }
    }
}
