package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.SoftHsmToken;
import io.iotls.testkit.TestPki;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

/**
 * A device key generated inside a PKCS#11 token (Debian's softhsm2) and never exported, used through the JDK's
 * SunPKCS11 for mutual TLS 1.2 and 1.3 with OpenSSL's s_server; addressed by an RFC 7512 URI as the CLI takes it.
 */
class Pkcs11InteropTest {
    private final TestPki pki = SharedPki.get();

    @Test
    void ecAndRsaKeysInTheTokenSignTheHandshakeAndAWrongPinIsNamed() throws Exception {
        try (SoftHsmToken token = SoftHsmToken.create("iotls", "4711")) {
            PublicKey ec = token.generateEcKey("device-ec", "01");
            token.storeCertificate(pki.root().clientCertificateFor("device-ec", ec), "device-ec", "01");
            String uri = "pkcs11:token=" + token.label() + ";object=device-ec?module-path=" + token.module() + "&pin-value=4711";
            // a wrong PIN first: once the token is logged in, it stays so for this JVM (as PKCS#11 sessions do)
            HandshakeException wrongPin = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(TlsOptions.builder()
                    .caFile(pki.caFile()).clientCertificate(CertificateSource.pkcs11Uri(uri.replace("4711", "1111"), null)).build()));
            assertThat(wrongPin.reason()).as(wrongPin.getMessage()).isEqualTo(FailureReason.BAD_KEY_PASSWORD);
            assertThat(wrongPin.getMessage()).doesNotContain("1111");
            PublicKey rsa = token.generateRsaKey("device-rsa", "02");
            token.storeCertificate(pki.root().clientCertificateFor("device-rsa", rsa), "device-rsa", "02");
            for (String object : new String[] {"device-ec", "device-rsa"}) {
                for (TlsVersion version : TlsVersion.values()) {
                    try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile())
                            .requireClientCertificate(pki.caFile()).start();
                         TlsConnection c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).versions(version, version)
                                 .clientCertificate(CertificateSource.pkcs11Uri(uri.replace("object=device-ec", "object=" + object), null))
                                 .build()).connect("localhost", server.port())) {
                        assertThat(Echo.reversedByOpenssl(c, "from the token")).as("%s over %s", object, version).isEqualTo("nekot eht morf");
                        assertThat(server.log()).contains(object);
                    }
                }
            }
        }
    }
}
