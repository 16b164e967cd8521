package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TestPki;
import org.junit.jupiter.api.Test;

/** Server authentication against OpenSSL's s_server, an independent TLS implementation. */
class OpensslServerAuthenticationTest {
    private final TestPki pki = SharedPki.get();

    private TlsOptions trustingOurCa() {
        return TlsOptions.builder().caFile(pki.caFile()).build();
    }


    @Test
    void tls13HandshakeShowsTheSeedStepsAndCarriesApplicationData() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var c = TlsTransport.create(trustingOurCa()).connect("localhost", server.port())) {
            assertThat(c.version()).isEqualTo(TlsVersion.TLS_1_3);
            System.out.println(c.trace().toTable());
            assertThat(c.trace().steps()).containsSubsequence(HandshakeStep.CLIENT_HELLO, HandshakeStep.SERVER_HELLO,
                    HandshakeStep.ENCRYPTED_EXTENSIONS, HandshakeStep.SERVER_CERTIFICATE, HandshakeStep.SERVER_CERTIFICATE_VERIFY,
                    HandshakeStep.SERVER_FINISHED, HandshakeStep.CLIENT_FINISHED, HandshakeStep.APPLICATION_DATA);
            assertThat(Echo.reversedByOpenssl(c, "hello broker")).isEqualTo("rekorb olleh");
        }
    }

    @Test
    void tls12EcdheHandshakeShowsEveryTls12Step() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only().start();
             var c = TlsTransport.create(trustingOurCa()).connect("127.0.0.1", server.port())) {
            System.out.println(c.trace().toTable());
            assertThat(c.version()).isEqualTo(TlsVersion.TLS_1_2);
            assertThat(c.cipherSuite().keyExchange()).isEqualTo(CipherSuite.KeyExchange.ECDHE_RSA);
            assertThat(c.trace().steps()).containsExactly(HandshakeStep.TCP_CONNECT, HandshakeStep.CLIENT_HELLO,
                    HandshakeStep.SERVER_HELLO, HandshakeStep.SERVER_CERTIFICATE, HandshakeStep.SERVER_KEY_EXCHANGE,
                    HandshakeStep.SERVER_HELLO_DONE, HandshakeStep.CLIENT_KEY_EXCHANGE, HandshakeStep.CLIENT_CHANGE_CIPHER_SPEC,
                    HandshakeStep.CLIENT_FINISHED, HandshakeStep.SERVER_CHANGE_CIPHER_SPEC,
                    HandshakeStep.SERVER_FINISHED, HandshakeStep.APPLICATION_DATA);
            assertThat(Echo.reversedByOpenssl(c, "abc")).isEqualTo("cba");
        }
    }

    @Test
    void helloRetryRequestIsShownUnderItsOwnName() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).arg("-groups", "P-384").start();
             var c = TlsTransport.create(trustingOurCa()).connect("localhost", server.port())) {
            assertThat(c.trace().steps()).containsSubsequence(HandshakeStep.CLIENT_HELLO, HandshakeStep.HELLO_RETRY_REQUEST,
                    HandshakeStep.CLIENT_HELLO, HandshakeStep.SERVER_HELLO, HandshakeStep.ENCRYPTED_EXTENSIONS);
            assertThat(c.trace().toTable()).contains("server asks for a key share on secp384r1");
        }
    }
}
