package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CipherSuiteTest {
    @Test
    void acceptsIanaAndOpensslNamesSeparatedByColonOrComma() {
        assertThat(CipherSuite.parseList("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:ECDHE-ECDSA-AES256-GCM-SHA384, TLS_AES_128_GCM_SHA256"))
                .containsExactly(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    @Test
    void unknownNameListsTheNearestKnownNames() {
        assertThatThrownBy(() -> CipherSuite.parseList("ECDHE-RSA-AES128-GCM-SHA265"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown cipher suite 'ECDHE-RSA-AES128-GCM-SHA265'")
                .hasMessageContaining("ECDHE-RSA-AES128-GCM-SHA256");
    }

    @Test
    void defaultsAreForwardSecretAeadAndNeverStaticRsaOrPlainPsk() {
        assertThat(CipherSuite.defaultsForCertificates()).allMatch(s -> s.isAead() && s.keyExchange().isForwardSecret())
                .contains(CipherSuite.TLS_AES_128_GCM_SHA256).doesNotContain(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256);
        assertThat(CipherSuite.defaultsForPsk()).doesNotContain(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)
                .contains(CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256);
    }

    @Test
    void namingOnlyTls12SuitesKeepsTls13DefaultsLikeOpenssl() {
        TlsOptions o = TlsOptions.builder().cipherSuites("AES128-GCM-SHA256").build();
        assertThat(o.cipherSuites()).contains(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    @Test
    void tls13SuitesAloneWithTls13DisabledIsAnError() {
        assertThatThrownBy(() -> TlsOptions.builder().cipherSuites("TLS_AES_256_GCM_SHA384")
                .versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build())
                .hasMessageContaining("only TLS 1.3 suites are named but TLS 1.3 is disabled");
    }

    @Test
    void obsoleteVersionsAreRefusedWithAReason() {
        assertThatThrownBy(() -> TlsVersion.parse("tlsv1.1")).hasMessageContaining("obsolete and refused (RFC 8996)");
        assertThat(TlsVersion.parse("tlsv1.3")).isEqualTo(TlsVersion.TLS_1_3);
    }

    @Test
    void pskKeyRulesAndRedaction() {
        assertThatThrownBy(() -> PskKey.ofHex("abc")).hasMessageContaining("even number of hex digits").hasMessageNotContaining("abc");
        assertThatThrownBy(() -> PskKey.of(new byte[65])).hasMessageContaining("1 to 64 bytes");
        assertThat(PskKey.ofHex("00ff").toString()).isEqualTo("PskKey[redacted]");
        assertThat(PskKey.ofHex("00ff")).isEqualTo(PskKey.ofHex("00FF"));
    }
}
