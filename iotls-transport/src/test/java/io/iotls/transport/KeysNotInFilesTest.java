package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TestPki;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/**
 * A device's key and its trust anchors from memory instead of files (PEM text from an environment variable or a
 * secrets manager, a KeyStore the application already has), in a mutual-TLS handshake with OpenSSL's s_server.
 */
class KeysNotInFilesTest {
    private final TestPki pki = SharedPki.get();


    private OpensslServer mutualTlsServer() throws Exception {
        return OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).requireClientCertificate(pki.caFile()).start();
    }

    @Test
    void pemTextInMemoryForTheKeyTheChainAndTheCa() throws Exception {
        String chain = Files.readString(pki.clientCertFile());
        String key = Files.readString(pki.clientKeyFile());
        try (var server = mutualTlsServer();
             TlsConnection c = TlsTransport.create(TlsOptions.builder().caPem(Files.readString(pki.caFile()))
                     .clientCertificate(CertificateSource.pemText(chain, key, null)).build()).connect("localhost", server.port())) {
            assertThat(c.trace().steps()).contains(HandshakeStep.CLIENT_CERTIFICATE);
            assertThat(Echo.reversedByOpenssl(c, "from memory")).isEqualTo("yromem morf");
        }
        assertThat(CertificateSource.pemText(chain, key, null).toString()).doesNotContain("PRIVATE KEY").contains("PEM text in memory");
    }

    @Test
    void aKeyStoreTheApplicationAlreadyHolds() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device-7", pki.client().key(), "kp".toCharArray(), pki.client().chain().toArray(X509Certificate[]::new));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("plant-root", pki.root().certificate());
        try (var server = mutualTlsServer();
             TlsConnection c = TlsTransport.create(TlsOptions.builder().trustStore(trust)
                     .clientCertificate(CertificateSource.keyStore(keys, "device-7", Password.of("kp"))).build())
                     .connect("localhost", server.port())) {
            assertThat(Echo.reversedByOpenssl(c, "keystore")).isEqualTo("erotsyek");
        }
        HandshakeException wrongAlias = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(TlsOptions.builder()
                .trustStore(trust).clientCertificate(CertificateSource.keyStore(keys, "device-8", Password.of("kp"))).build()));
        assertThat(wrongAlias.getMessage()).contains("no key entry 'device-8'", "[device-7]");
        HandshakeException wrongPassword = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(TlsOptions.builder()
                .trustStore(trust).clientCertificate(CertificateSource.keyStore(keys, null, Password.of("nope"))).build()));
        assertThat(wrongPassword.reason()).isEqualTo(FailureReason.BAD_KEY_PASSWORD);
    }

    @Test
    void anX509KeyManagerTheApplicationAlreadyHas() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device-9", pki.client().key(), "kp".toCharArray(), pki.client().chain().toArray(X509Certificate[]::new));
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "kp".toCharArray());
        var keyManager = (javax.net.ssl.X509KeyManager) kmf.getKeyManagers()[0];
        try (var server = mutualTlsServer();
             TlsConnection c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile())
                     .clientCertificate(CertificateSource.keyManager(keyManager, null)).build())
                     .connect("localhost", server.port())) {
            assertThat(Echo.reversedByOpenssl(c, "manager")).isEqualTo("reganam");
            assertThat(c.trace().steps()).contains(HandshakeStep.CLIENT_CERTIFICATE_VERIFY);
        }
        HandshakeException wrongAlias = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(TlsOptions.builder()
                .caFile(pki.caFile()).clientCertificate(CertificateSource.keyManager(keyManager, "device-10")).build()));
        assertThat(wrongAlias.getMessage()).contains("no key with a certificate chain under 'device-10'");
    }
}
