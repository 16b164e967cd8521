package io.iotls.transport.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6125 6.4.3: a wildcard stands for exactly one whole left-most label. */
class HostnameCheckTest {
    @Test
    void wildcardMatchesOneLeftMostLabelOnly() {
        assertThat(HostnameCheck.matches("*.plant.example", "broker.plant.example")).isTrue();
        assertThat(HostnameCheck.matches("*.plant.example", "a.b.plant.example")).isFalse();
        assertThat(HostnameCheck.matches("*.plant.example", "plant.example")).isFalse();
        assertThat(HostnameCheck.matches("b*.plant.example", "broker.plant.example")).isFalse();
        assertThat(HostnameCheck.matches("*.example", "plant.example")).isFalse();
    }

    @Test
    void ipLiteralsAreRecognised() {
        assertThat(HostnameCheck.isIpLiteral("127.0.0.1")).isTrue();
        assertThat(HostnameCheck.isIpLiteral("::1")).isTrue();
        assertThat(HostnameCheck.isIpLiteral("[::1]")).isTrue();
        assertThat(HostnameCheck.isIpLiteral("broker.local")).isFalse();
    }

    @Test
    void aMismatchSaysWhichNamesTheCertificateHasOrThatItHasNone() {
        var none = io.iotls.testkit.CertificateAuthority.selfSigned("broker", io.iotls.testkit.KeyType.EC_P256, java.util.List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostnameCheck.verify(none.certificate(), "broker.plant"))
                .hasMessageContaining("is not valid for 'broker.plant'; it has no subjectAltName at all");
        var two = io.iotls.testkit.CertificateAuthority.selfSigned("broker", io.iotls.testkit.KeyType.EC_P256, java.util.List.of("a.plant", "10.0.0.7"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostnameCheck.verify(two.certificate(), "broker.plant"))
                .hasMessageContaining("is not valid for 'broker.plant'; it is only valid for a.plant, 10.0.0.7");
    }

    @Test
    void anIpEntryWithANetmaskMatchesNothingAndDoesNotHideTheGoodEntryAfterIt() throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        var pair = gen.generateKeyPair();
        var name = new org.bouncycastle.asn1.x500.X500Name("CN=broker");
        var now = java.time.Instant.now();
        var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
                java.util.Date.from(now.minusSeconds(60)), java.util.Date.from(now.plusSeconds(3600)), name, pair.getPublic());
        b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
                new org.bouncycastle.asn1.x509.GeneralName[] {
                    new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress,
                            new org.bouncycastle.asn1.DEROctetString(new byte[] {10, 0, 0, 0, (byte) 255, 0, 0, 0})), // 10.0.0.0/8
                    new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress,
                            new org.bouncycastle.asn1.DEROctetString(new byte[] {10, 0, 0, 7}))}));
        var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        HostnameCheck.verify(cert, "10.0.0.7"); // the good entry after the odd one
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostnameCheck.verify(cert, "10.0.0.8"))
                .isInstanceOf(CertificateProblem.class).hasMessageContaining("is not valid for '10.0.0.8'");
    }
}
