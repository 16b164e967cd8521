package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.Issued;
import io.iotls.testkit.ScriptedTlsServer;
import io.iotls.testkit.TestPki;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.Test;

/**
 * A server that breaks a TLS rule on purpose (the testkit's scripted Bouncy Castle server), and what the client does:
 * refuse, end the connection, or answer as the RFC says, in bounded time and with the rule named.
 */
class HostileServerTest {
    private final TestPki pki = SharedPki.get();
    private final Issued identity = pki.intermediate().server("localhost").names("localhost", "127.0.0.1").issue();

    private TlsTransport client() throws HandshakeException {
        return TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).handshakeTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    void aGreaseValueInAnyServerHelloOrRetryIsRefused() throws Exception {
        // TLS 1.2 ServerHello and TLS 1.3 EncryptedExtensions: Bouncy Castle's check for extensions not offered
        for (boolean tls12 : new boolean[] {true, false}) {
            ScriptedTlsServer.Builder b = ScriptedTlsServer.builder(identity).serverExtension(0x2a2a, new byte[0]);
            if (tls12) b.tls12Only();
            try (ScriptedTlsServer server = b.start()) {
                HandshakeException e = catchThrowableOfType(HandshakeException.class,
                        () -> client().connect("localhost", server.port()).close());
                assertThat(e).as("TLS 1.2 only: %s", tls12).isNotNull();
                assertThat(e.getMessage()).contains("Unrequested extension", "10794");
                assertThat(e.alert()).contains(TlsAlert.UNSUPPORTED_EXTENSION);
            }
        }
        // TLS 1.3 ServerHello and HelloRetryRequest: iotls' check
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity).serverHelloExtension(0x3a3a, new byte[0]).start()) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> client().connect("localhost", server.port()).close());
            assertThat(e.getMessage()).contains("ServerHello holds the GREASE extension 0x3a3a", "RFC 8701");
            assertThat(e.alert()).contains(TlsAlert.ILLEGAL_PARAMETER);
            assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_HELLO);
        }
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity).onlyGroup(org.bouncycastle.tls.NamedGroup.secp384r1)
                .helloRetryExtension(0x4a4a, new byte[0]).start()) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> client().connect("localhost", server.port()).close());
            assertThat(e.getMessage()).contains("GREASE extension 0x4a4a");
            assertThat(e.step()).isEqualTo(HandshakeStep.HELLO_RETRY_REQUEST);
        }
    }

    /** RFC 8446 6.2; measured: Bouncy Castle 1.84 under iotls already ends the handshake here (a guard against regressions). */
    @Test
    void aFatalAlertSentAtWarningLevelInsteadOfFinishedEndsTheHandshakeAtOnce() throws Exception {
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity).warningAlertInsteadOfFinished(AlertDescription.decode_error)
                .start()) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> client().connect("localhost", server.port()).close());
            assertThat(e.reason()).as("the alert, not our handshake timeout: %s", e.getMessage()).isNotEqualTo(FailureReason.TIMEOUT);
            assertThat(e.getMessage()).contains("decode_error");
        }
    }

    @Test
    void aFatalAlertSentAtWarningLevelEndsATls13ConnectionAtOnce() throws Exception {
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity)
                .afterHandshake(session -> session.sendWarningAlert(AlertDescription.decode_error)).start();
             TlsConnection c = client().connect("localhost", server.port())) {
            assertThat(c.version()).isEqualTo(TlsVersion.TLS_1_3);
            c.readTimeout(Duration.ofSeconds(5));
            Throwable end = catchThrowable(() -> c.input().read());
            assertThat(end).as("the read ends with the alert, not a timeout").isNotNull()
                    .isNotInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(end.getMessage()).contains("decode_error");
        }
    }

    @Test
    void aTls12ServerWithoutTheExtendedMasterSecretIsShownWarnedAndRefusedWhenRequired() throws Exception {
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity).tls12Only().withoutExtendedMasterSecret().start()) {
            try (TlsConnection c = client().connect("localhost", server.port())) {
                assertThat(c.trace().toTable()).contains("NO extended master secret (RFC 7627)");
                assertThat(c.trace().warnings()).anyMatch(w -> w.contains("does not use the extended master secret"));
            }
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(TlsOptions.builder()
                    .caFile(pki.caFile()).requireExtendedMasterSecret(true).build()).connect("localhost", server.port()).close());
            assertThat(e).as("refused when required").isNotNull();
            assertThat(e.getMessage()).containsIgnoringCase("extended master secret");
        }
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity).tls12Only().start();
             TlsConnection c = client().connect("localhost", server.port())) {
            assertThat(c.trace().toTable()).contains("extended master secret (RFC 7627): the keys are bound");
            assertThat(c.trace().warnings()).noneMatch(w -> w.contains("extended master secret"));
        }
    }

    @Test
    void anOversizedRecordIsNamedAsSuchNotAsAPeerThatDoesNotSpeakTls() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = listener.accept()) {
                    s.getInputStream().read(new byte[4096]); // the ClientHello
                    // a handshake record that says it holds 18,433 bytes: over TLS's 16,384 (RFC 8446 5.1)
                    s.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, 0x48, 0x01});
                    s.getOutputStream().write(new byte[18_433]);
                    s.getInputStream().read(); // until the client goes
                } catch (java.io.IOException endOfTest) {
                    // the client closed
                }
            });
            HandshakeException e = catchThrowableOfType(HandshakeException.class,
                    () -> client().connect("localhost", listener.getLocalPort()).close());
            assertThat(e.reason()).isNotEqualTo(FailureReason.NOT_TLS);
            assertThat(e.getMessage()).contains("record longer than TLS allows", "16384");
            assertThat(e.alert()).contains(TlsAlert.RECORD_OVERFLOW);
            server.join(5_000);
        }
    }

    @Test
    void aCloseNotifyDuringTheHandshakeIsAnsweredInKindAndNamed() throws Exception {
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity).tls12Only().closeNotifyAfterClientHello().start()) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> client().connect("localhost", server.port()).close());
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("close_notify");
            assertThat(server.awaitClientAnswer(Duration.ofSeconds(5))).as("RFC 5246 7.2.1: close_notify is answered with close_notify")
                    .isEqualTo("warning close_notify");
        }
    }

    @Test
    void theClientHelloAfterAHelloRetryRequestKeepsTheFirstOnesExtensionsInOrder() throws Exception {
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity).onlyGroup(org.bouncycastle.tls.NamedGroup.secp384r1).start();
             TlsConnection c = client().connect("localhost", server.port())) {
            assertThat(c.trace().steps()).contains(HandshakeStep.HELLO_RETRY_REQUEST);
            var hellos = server.clientHelloExtensionTypes();
            assertThat(hellos).hasSize(2);
            // RFC 8446 4.1.2: the same ClientHello, but for key_share, early_data, cookie, pre_shared_key and padding
            java.util.Set<Integer> mayChange = java.util.Set.of(51, 42, 44, 41, 21);
            assertThat(hellos.get(1).stream().filter(t -> !mayChange.contains(t)).toList())
                    .as("extension order, first %s, second %s", hellos.get(0), hellos.get(1))
                    .isEqualTo(hellos.get(0).stream().filter(t -> !mayChange.contains(t)).toList());
            assertThat(hellos.get(1).indexOf(51)).as("key_share where it was").isEqualTo(hellos.get(0).indexOf(51));
            assertThat(server.retryDifferences()).as("the strict server's verdict on the retry").isEmpty();
        }
    }

    /** The strict server refuses a retry that breaks RFC 8446 4.1.2, as tlslite-ng does: the check itself can fail. */
    @Test
    void theStrictServerSeesARetriedClientHelloThatMovedAnExtension() {
        byte[] first = clientHelloBody(new int[] {10, 5, 51, 43}), moved = clientHelloBody(new int[] {10, 51, 5, 43});
        assertThat(io.iotls.testkit.ScriptedTlsServer.retryDifference(first, first)).isNull();
        assertThat(io.iotls.testkit.ScriptedTlsServer.retryDifference(first, moved)).contains("differ");
    }

    /** A ClientHello body with empty-valued extensions of these types, in this order. */
    private static byte[] clientHelloBody(int[] extensionTypes) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {3, 3});
        out.writeBytes(new byte[32]); // random
        out.write(0); // session id
        out.writeBytes(new byte[] {0, 2, 0x13, 0x01}); // one suite
        out.writeBytes(new byte[] {1, 0}); // compression: null
        out.writeBytes(new byte[] {0, (byte) (extensionTypes.length * 4)});
        for (int t : extensionTypes) out.writeBytes(new byte[] {(byte) (t >> 8), (byte) t, 0, 0});
        return out.toByteArray();
    }

    @Test
    void anOversizedCertificateMessageIsNamedAtTheCertificateStep() throws Exception {
        var issuer = new io.iotls.testkit.CertificateSpec.Made(pki.intermediate().certificate(), pki.intermediate().key());
        var huge = io.iotls.testkit.CertificateSpec.server("localhost").names("localhost")
                .with(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.55555.2"), false,
                        new org.bouncycastle.asn1.DEROctetString(new byte[60_000])).issuedBy(issuer);
        Issued bloated = new Issued(huge.certificate(), huge.key(), List.of(pki.intermediate().certificate()));
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(bloated).start()) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> client().connect("localhost", server.port()).close());
            assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE);
            assertThat(e.getMessage()).containsPattern("certificate\\(11\\) message of 6\\d{4} bytes, over iotls' limit of 32768");
            assertThat(e.alert()).contains(TlsAlert.ILLEGAL_PARAMETER);
        }
    }

    @Test
    void aKeyUpdateThatAsksForOursIsAnsweredWithoutWaitingForApplicationData() throws Exception {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        try (ScriptedTlsServer server = ScriptedTlsServer.builder(identity).afterHandshake(session -> {
            session.sendKeyUpdate(true);
            answered.complete(session.awaitClientKeyUpdate(Duration.ofSeconds(5)));
        }).start(); TlsConnection c = client().connect("localhost", server.port())) {
            assertThat(c.version()).isEqualTo(TlsVersion.TLS_1_3);
            Thread.ofVirtual().start(() -> { // a client that reads (as MQTT's does) but has nothing to write
                try {
                    c.input().read();
                } catch (Exception endOfTest) {
                    // the server closes after its script
                }
            });
            assertThat(answered.get(10, TimeUnit.SECONDS)).as("the server saw our KeyUpdate within 5 s").isTrue();
        }
    }

    private HandshakeException refused(ScriptedTlsServer.Builder b) throws Exception {
        try (ScriptedTlsServer server = b.start()) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> client().connect("localhost", server.port()).close());
            assertThat(e).as("the handshake is refused").isNotNull();
            return e;
        }
    }

    @Test
    void aForgedSignatureIsNamedAtItsStepInWordsInBothVersions() throws Exception {
        HandshakeException tls13 = refused(ScriptedTlsServer.builder(identity).forgedSignature());
        assertThat(tls13.step()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE_VERIFY);
        assertThat(tls13.getMessage()).contains("the server's signature in CertificateVerify (server) does not verify with the key "
                + "of the certificate it sent");
        assertThat(tls13.alert()).contains(TlsAlert.DECRYPT_ERROR);
        assertThat(tls13.trace()).hasValueSatisfying(t -> assertThat(t.steps()).endsWith(
                HandshakeStep.SERVER_CERTIFICATE, HandshakeStep.SERVER_CERTIFICATE_VERIFY).doesNotContain(HandshakeStep.SERVER_FINISHED));
        HandshakeException tls12 = refused(ScriptedTlsServer.builder(identity).tls12Only().forgedSignature());
        assertThat(tls12.step()).isEqualTo(HandshakeStep.SERVER_KEY_EXCHANGE);
        assertThat(tls12.getMessage()).contains("the server's signature in ServerKeyExchange does not verify");
        assertThat(tls12.alert()).contains(TlsAlert.DECRYPT_ERROR);
    }

    @Test
    void aForgedFinishedIsNamedAsAHandshakeThatWasAlteredInBothVersions() throws Exception {
        for (boolean tls12 : new boolean[] {false, true}) {
            ScriptedTlsServer.Builder b = ScriptedTlsServer.builder(identity).forgedFinished();
            if (tls12) b.tls12Only();
            HandshakeException e = refused(b);
            assertThat(e.step()).as("TLS 1.2: %s", tls12).isEqualTo(HandshakeStep.SERVER_FINISHED);
            assertThat(e.getMessage()).contains("the server's Finished does not verify: its MAC over the handshake differs from ours");
            assertThat(e.alert()).contains(TlsAlert.DECRYPT_ERROR);
            assertThat(e.trace()).hasValueSatisfying(t -> assertThat(t.steps()).endsWith(HandshakeStep.SERVER_FINISHED));
        }
    }

    @Test
    void aTls13CertificateVerifyWithASchemeWeNeverOfferedIsNamedWithTheScheme() throws Exception {
        HandshakeException e = refused(ScriptedTlsServer.builder(identity).signatureScheme(
                org.bouncycastle.tls.HashAlgorithm.sha1, org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
        assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE_VERIFY);
        assertThat(e.getMessage()).contains("the server signed its CertificateVerify (server) with ecdsa_sha1, a signature scheme "
                + "we did not offer");
        assertThat(e.alert()).contains(TlsAlert.ILLEGAL_PARAMETER);
        assertThat(e.trace()).hasValueSatisfying(t -> assertThat(t.toTable()).contains("signature scheme ecdsa_sha1, which we did not offer"));
    }
}
