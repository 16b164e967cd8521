package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.RecordTamperingProxy;
import io.iotls.testkit.RecordTamperingProxy.Direction;
import io.iotls.testkit.TestPki;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * OpenSSL's s_server with its records changed on the way by a man in the middle at the record layer: each hostile
 * class ends the handshake at the step where it happened, with the alert the RFC asks for, and the trace lists the
 * messages in the order they crossed the wire (issue 14: "the trace never lies").
 */
class TamperedRecordsTest {
    private static final int HANDSHAKE = 22, CCS = 20, APPLICATION_DATA = 23;
    private final TestPki pki = SharedPki.get();

    private HandshakeException failure(OpensslServer server, RecordTamperingProxy.Rule rule) throws Exception {
        try (var proxy = RecordTamperingProxy.to(new InetSocketAddress("127.0.0.1", server.port()), rule)) {
            TlsOptions options = TlsOptions.builder().caFile(pki.caFile()).serverName("localhost").handshakeTimeout(java.time.Duration.ofSeconds(5)).build();
            try (TlsConnection c = TlsTransport.create(options).connect("127.0.0.1", proxy.port())) {
                throw new AssertionError("the handshake completed: " + c.trace().toTable());
            } catch (HandshakeException e) {
                return e;
            }
        }
    }

    @Test
    void aSecondHelloRetryRequestEndsTheHandshakeThereAndTheTraceShowsBoth() throws Exception {
        AtomicReference<byte[]> helloRetry = new AtomicReference<>();
        AtomicInteger clientHellos = new AtomicInteger();
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls13Only()
                .arg("-groups", "P-384").start()) { // our first key share is x25519: s_server asks again for P-384
            HandshakeException e = failure(server, (r, wire) -> {
                if (r.direction() == Direction.TO_CLIENT && r.type() == HANDSHAKE && helloRetry.get() == null) helloRetry.set(r.encoded());
                if (r.direction() == Direction.TO_SERVER && r.type() == HANDSHAKE && clientHellos.incrementAndGet() == 2) {
                    wire.back(helloRetry.get()); // the second ClientHello is answered with the same HelloRetryRequest
                    return List.of();
                }
                return List.of(r.encoded());
            });
            assertThat(e.step()).as(e.getMessage() + "\n" + e.trace().map(HandshakeTrace::toTable).orElse("")).isEqualTo(HandshakeStep.HELLO_RETRY_REQUEST);
            assertThat(e.alert()).contains(TlsAlert.UNEXPECTED_MESSAGE);
            assertThat(e.alertFromPeer()).isFalse();
            List<HandshakeStep> steps = e.trace().orElseThrow().steps();
            assertThat(steps).as(e.trace().orElseThrow().toTable())
                    .containsSubsequence(HandshakeStep.CLIENT_HELLO, HandshakeStep.HELLO_RETRY_REQUEST, HandshakeStep.CLIENT_HELLO,
                            HandshakeStep.HELLO_RETRY_REQUEST)
                    .doesNotContain(HandshakeStep.SERVER_HELLO);
        }
    }

    @Test
    void aChangeCipherSpecOfAnotherValueIsRefusedAfterTheServerHello() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls13Only().start()) {
            HandshakeException e = failure(server, (r, wire) -> r.direction() == Direction.TO_CLIENT && r.type() == CCS
                    ? List.of(RecordTamperingProxy.record(CCS, r.version(), new byte[] {2}))
                    : List.of(r.encoded()));
            assertThat(e.alert()).contains(TlsAlert.UNEXPECTED_MESSAGE);
            assertThat(e.trace().orElseThrow().steps()).containsSubsequence(HandshakeStep.CLIENT_HELLO, HandshakeStep.SERVER_HELLO)
                    .doesNotContain(HandshakeStep.ENCRYPTED_EXTENSIONS);
            assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_CHANGE_CIPHER_SPEC);
            assertThat(e.getMessage()).contains("not the one byte 01");
        }
    }

    @Test
    void applicationDataBeforeTheServersFinishedEndsTheHandshakeBeforeFinished() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only().start()) {
            HandshakeException e = failure(server, (r, wire) -> r.direction() == Direction.TO_CLIENT && r.type() == CCS
                    ? List.of(RecordTamperingProxy.record(APPLICATION_DATA, r.version(), "early".getBytes()), r.encoded())
                    : List.of(r.encoded()));
            assertThat(e.alert()).contains(TlsAlert.UNEXPECTED_MESSAGE);
            List<HandshakeStep> steps = e.trace().orElseThrow().steps();
            assertThat(steps).containsSubsequence(HandshakeStep.SERVER_HELLO_DONE, HandshakeStep.CLIENT_KEY_EXCHANGE,
                    HandshakeStep.CLIENT_FINISHED, HandshakeStep.UNEXPECTED_RECORD)
                    .doesNotContain(HandshakeStep.SERVER_FINISHED, HandshakeStep.APPLICATION_DATA);
            assertThat(e.step()).isEqualTo(HandshakeStep.UNEXPECTED_RECORD);
        }
    }

    @Test
    void aZeroLengthHandshakeFragmentIsRefusedWhereItCame() throws Exception {
        AtomicInteger handshakeRecords = new AtomicInteger();
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only().start()) {
            HandshakeException e = failure(server, (r, wire) -> r.direction() == Direction.TO_CLIENT && r.type() == HANDSHAKE
                    && handshakeRecords.getAndIncrement() == 0
                    ? List.of(r.encoded(), RecordTamperingProxy.record(HANDSHAKE, r.version(), new byte[0]))
                    : List.of(r.encoded()));
            assertThat(e.alert()).isPresent();
            assertThat(e.alertFromPeer()).isFalse();
            assertThat(e.trace().orElseThrow().steps()).containsSubsequence(HandshakeStep.CLIENT_HELLO, HandshakeStep.SERVER_HELLO)
                    .doesNotContain(HandshakeStep.CLIENT_KEY_EXCHANGE);
        }
    }

    @Test
    void theDowngradeSentinelInATls12ServerRandomIsNamed() throws Exception {
        AtomicInteger handshakeRecords = new AtomicInteger();
        byte[] sentinel = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01}; // "DOWNGRD" 01: RFC 8446 4.1.3
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only().start()) {
            HandshakeException e = failure(server, (r, wire) -> {
                if (r.direction() == Direction.TO_CLIENT && r.type() == HANDSHAKE && handshakeRecords.getAndIncrement() == 0) {
                    byte[] f = r.fragment().clone(); // ServerHello: type(1) length(3) version(2) random(32)
                    System.arraycopy(sentinel, 0, f, 4 + 2 + 24, 8);
                    return List.of(RecordTamperingProxy.record(HANDSHAKE, r.version(), f));
                }
                return List.of(r.encoded());
            });
            assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_HELLO);
            assertThat(e.alert()).contains(TlsAlert.ILLEGAL_PARAMETER);
            assertThat(e.getMessage()).contains("downgrade sentinel", "RFC 8446 4.1.3");
            assertThat(e.reason()).isEqualTo(FailureReason.PROTOCOL_VERSION);
        }
    }

    @Test
    void aKeyExchangeSignedWithASchemeWeDidNotOfferIsNamed() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only()
                .cipher("ECDHE-RSA-AES128-GCM-SHA256").start()) {
            HandshakeException e = failure(server, (r, wire) -> {
                if (r.direction() != Direction.TO_CLIENT || r.type() != HANDSHAKE) return List.of(r.encoded());
                byte[] f = r.fragment().clone();
                for (int at = 0; at + 4 <= f.length; ) { // each handshake message in the record: type(1) length(3) body
                    int length = ((f[at + 1] & 0xff) << 16) | ((f[at + 2] & 0xff) << 8) | (f[at + 3] & 0xff);
                    if (f[at] == 12 && at + 4 + length <= f.length) { // ServerKeyExchange: curve_type(1) curve(2) point(1+n) then the scheme
                        int scheme = at + 4 + 3 + 1 + (f[at + 4 + 3] & 0xff);
                        f[scheme] = 0x02; // sha1
                        f[scheme + 1] = 0x01; // rsa: rsa_pkcs1_sha1, which iotls never offers
                    }
                    at += 4 + length;
                }
                return List.of(RecordTamperingProxy.record(HANDSHAKE, r.version(), f));
            });
            assertThat(e.step()).as(e.getMessage()).isEqualTo(HandshakeStep.SERVER_KEY_EXCHANGE);
            assertThat(e.getMessage()).contains("rsa_pkcs1_sha1", "did not offer");
        }
    }

    /** Offset of the cipher suite in a ServerHello message: type(1) length(3) version(2) random(32) session id(1 + n). */
    private static int suiteOffset(byte[] serverHello) {
        return 4 + 2 + 32 + 1 + (serverHello[4 + 2 + 32] & 0xff);
    }

    @Test
    void aCipherSuiteWeDidNotOfferIsNamedWithBothLists() throws Exception {
        AtomicInteger handshakeRecords = new AtomicInteger();
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only().start()) {
            HandshakeException e = failure(server, (r, wire) -> {
                if (r.direction() == Direction.TO_CLIENT && r.type() == HANDSHAKE && handshakeRecords.getAndIncrement() == 0) {
                    byte[] f = r.fragment().clone();
                    int at = suiteOffset(f);
                    f[at] = (byte) 0xC0; // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: CBC, never in iotls' default offer
                    f[at + 1] = 0x13;
                    return List.of(RecordTamperingProxy.record(HANDSHAKE, r.version(), f));
                }
                return List.of(r.encoded());
            });
            assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_HELLO);
            assertThat(e.alert()).contains(TlsAlert.ILLEGAL_PARAMETER);
            assertThat(e.getMessage()).contains("the server selected the cipher suite TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, which we did "
                    + "not offer", "we offered TLS_AES_128_GCM_SHA256");
            assertThat(e.trace().orElseThrow().toTable()).contains("which we did not offer");
        }
    }

    @Test
    void aKeyShareOnAGroupWeSentNoShareForIsNamedWithTheGroups() throws Exception {
        AtomicInteger handshakeRecords = new AtomicInteger();
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls13Only().start()) {
            HandshakeException e = failure(server, (r, wire) -> {
                if (r.direction() == Direction.TO_CLIENT && r.type() == HANDSHAKE && handshakeRecords.getAndIncrement() == 0) {
                    byte[] f = r.fragment().clone();
                    int at = suiteOffset(f) + 2 + 1 + 2; // after the suite, compression and the extensions' length
                    while (at + 4 <= f.length) {
                        int type = ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
                        int length = ((f[at + 2] & 0xff) << 8) | (f[at + 3] & 0xff);
                        if (type == 0x0033) { // key_share: group(2) then the key
                            f[at + 4] = 0x00;
                            f[at + 5] = 0x1f; // brainpoolP256r1tls13
                        }
                        at += 4 + length;
                    }
                    return List.of(RecordTamperingProxy.record(HANDSHAKE, r.version(), f));
                }
                return List.of(r.encoded());
            });
            assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_HELLO);
            assertThat(e.alert()).contains(TlsAlert.ILLEGAL_PARAMETER);
            assertThat(e.getMessage()).contains("the server's key share is on brainpoolP256r1tls13, a group we sent no key share for",
                    "we sent x25519");
        }
    }

    @Test
    void aServerThatStopsInTheMiddleOfItsCertificateIsNamedThere() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only().start()) {
            HandshakeException e = failure(server, (r, wire) -> {
                // OpenSSL puts each TLS 1.2 message in a record of its own: the Certificate's is cut after 200 bytes
                if (r.direction() == Direction.TO_CLIENT && r.type() == HANDSHAKE && r.fragment()[0] == 11) {
                    return List.of(RecordTamperingProxy.record(HANDSHAKE, r.version(), java.util.Arrays.copyOf(r.fragment(), 200)),
                            RecordTamperingProxy.THEN_CLOSE);
                }
                return List.of(r.encoded());
            });
            assertThat(e.step()).as(e.getMessage()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE);
            assertThat(e.getMessage()).containsPattern("closed the connection in the middle of its Certificate \\(server\\) message "
                    + "\\(196 of \\d+ bytes\\), without a TLS alert");
            assertThat(e.trace().orElseThrow().steps()).endsWith(HandshakeStep.SERVER_HELLO, HandshakeStep.SERVER_CERTIFICATE);
        }
    }
}
