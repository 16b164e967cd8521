package io.iotls.transport.internal;

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
}
