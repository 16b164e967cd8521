package io.iotls.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import io.iotls.transport.FailureReason;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The presented chain validated as sent, or, when it is out of order, a path built from it: the same result. */
class ChainValidatorTest {
    private static final TestPki PKI = create();

    private static TestPki create() {
        try {
            return TestPki.create(TempFiles.directory("chain"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<X509Certificate> read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certs = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
            return certs;
        }
    }

    private static TrustMaterial trust(Path caFile) throws Exception {
        return new TrustMaterial(read(caFile), List.of(), "test CA");
    }

    @Test
    void anOrderedChainAndAShuffledOneGiveTheSamePath() throws Exception {
        List<X509Certificate> ordered = read(PKI.serverCertFile()); // leaf, intermediate
        TrustMaterial trust = trust(PKI.caFile());
        X509Certificate root = trust.anchors().get(0);
        List<X509Certificate> shuffled = List.of(ordered.get(0), root, ordered.get(1)); // RFC 8446: only the leaf must be first
        List<X509Certificate> path = ChainValidator.validate(ordered, trust, Instant.now());
        assertThat(path).containsExactly(ordered.get(0), ordered.get(1), root);
        assertThat(ChainValidator.validate(shuffled, trust, Instant.now())).isEqualTo(path);
    }

    @Test
    void aChainUnderAnotherCaWithTheSameNameIsStillRefused() throws Exception {
        TestPki other = TestPki.create(TempFiles.directory("other")); // same names, other keys
        List<X509Certificate> foreign = read(other.serverCertFile());
        CertificateProblem p = catchThrowableOfType(CertificateProblem.class,
                () -> ChainValidator.validate(foreign, trust(PKI.caFile()), Instant.now()));
        assertThat(p.reason()).isEqualTo(FailureReason.UNTRUSTED_CERTIFICATE);
    }
}
