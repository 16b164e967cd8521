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
}
