package io.iotls.transport.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.CertificateSpec;
import io.iotls.testkit.CertificateSpec.Made;
import io.iotls.transport.FailureReason;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The rules a CRL must meet before it is believed (RFC 5280 5 and 6.3), each broken once beside a good CRL. */
class CrlRulesTest {
    private static final Instant NOW = Instant.now();
    private static final Made ROOT = CertificateSpec.ca("CRL root").selfSigned();
    private static final Made LEAF = CertificateSpec.server("broker.plant").issuedBy(ROOT);

    /** A CRL of {@code issuer}: current, numbered, nothing revoked; {@code change} breaks one thing. */
    private static X509CRL crl(Made issuer, Consumer<X509v2CRLBuilder> change) throws Exception {
        return crl(issuer, change, NOW.plus(Duration.ofDays(7)));
    }

    private static X509CRL crl(Made issuer, Consumer<X509v2CRLBuilder> change, Instant nextUpdate) throws Exception {
        X509v2CRLBuilder b = new JcaX509v2CRLBuilder(issuer.certificate().getSubjectX500Principal(), Date.from(NOW.minus(Duration.ofHours(1))));
        if (nextUpdate != null) b.setNextUpdate(Date.from(nextUpdate));
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        change.accept(b);
        return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.key())));
    }

    private static CertificateVerifier.Builder verifier(X509CRL crl) {
        return CertificateVerifier.builder().trustAnchors(List.of(ROOT.certificate())).crls(List.of(new NamedCrl(crl, "test.crl")));
    }

    private static CertificateProblem refused(CertificateVerifier.Builder v, Made leaf) {
        CertificateProblem p = catchThrowableOfType(CertificateProblem.class, () -> v.build().verify(List.of(leaf.certificate()), NOW));
        assertThat(p).as("refused").isNotNull();
        return p;
    }

    private static void replace(X509v2CRLBuilder b, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
                                org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            if (oid.equals(Extension.cRLNumber)) b.replaceExtension(oid, critical, value);
            else b.addExtension(oid, critical, value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCurrentCrlThatListsNothingLetsThePathPassAndTheLeafIsRevokedOnceListed() throws Exception {
        VerifiedPath path = verifier(crl(ROOT, b -> { })).build().verify(List.of(LEAF.certificate()), NOW);
        assertThat(path.revocationNotes()).singleElement().asString().contains("not revoked", "test.crl");
        X509CRL revoking = crl(ROOT, b -> b.addCRLEntry(LEAF.certificate().getSerialNumber(), Date.from(NOW.minusSeconds(60)),
                CRLReason.keyCompromise));
        assertThat(refused(verifier(revoking), LEAF).reason()).isEqualTo(FailureReason.CERTIFICATE_REVOKED);
    }

    @Test
    void aCrlFromAnIssuerWithoutCrlSignIsNotBelieved() throws Exception {
        Made root = CertificateSpec.ca("No cRLSign").with(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign)).selfSigned();
        Made leaf = CertificateSpec.server("broker.plant").issuedBy(root);
        CertificateVerifier.Builder v = CertificateVerifier.builder().trustAnchors(List.of(root.certificate()))
                .crls(List.of(new NamedCrl(crl(root, b -> { }), "test.crl")));
        CertificateProblem p = refused(v, leaf);
        assertThat(p.reason()).isEqualTo(FailureReason.CRL_INVALID);
        assertThat(p.getMessage()).contains("lacks cRLSign");
    }

    @Test
    void aCrlNumberMustBeThereAndNotCritical() throws Exception {
        X509CRL unnumbered = crl(ROOT, b -> b.removeExtension(Extension.cRLNumber));
        assertThat(refused(verifier(unnumbered), LEAF).getMessage()).contains("no CRLNumber");
        VerifiedPath legacy = verifier(unnumbered).profile(ValidationProfile.LEGACY_PKI).build().verify(List.of(LEAF.certificate()), NOW);
        assertThat(legacy.warnings()).anyMatch(w -> w.contains("no CRLNumber"));
        X509CRL critical = crl(ROOT, b -> replace(b, Extension.cRLNumber, true, new CRLNumber(BigInteger.TWO)));
        assertThat(refused(verifier(critical), LEAF).getMessage()).contains("CRLNumber is marked critical");
    }

    @Test
    void partitionedCrlsAreRefusedAsUnsupportedRatherThanMisread() throws Exception {
        IssuingDistributionPoint idp = new IssuingDistributionPoint(new DistributionPointName(new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, "http://crl.plant/part1.crl"))), false, false);
        X509CRL partitioned = crl(ROOT, b -> replace(b, Extension.issuingDistributionPoint, true, idp));
        assertThat(refused(verifier(partitioned), LEAF).getMessage()).contains("partitioned CRL", "does not support");
    }

    @Test
    void aCrlWithoutNextUpdateFollowsTheStalePolicy() throws Exception {
        X509CRL undated = crl(ROOT, b -> { }, null);
        assertThat(refused(verifier(undated), LEAF).reason()).isEqualTo(FailureReason.CRL_EXPIRED);
        VerifiedPath stale = verifier(undated).acceptStaleCrls(true).build().verify(List.of(LEAF.certificate()), NOW);
        assertThat(stale.warnings()).anyMatch(w -> w.contains("no nextUpdate"));
    }

    @Test
    void anIssuerWithoutACrlIsAWarningOrWhenRequiredAFailure() throws Exception {
        Made intermediate = CertificateSpec.ca("CRL intermediate").issuedBy(ROOT);
        Made leaf = CertificateSpec.server("broker.plant").issuedBy(intermediate);
        VerifiedPath path = verifier(crl(ROOT, b -> { })).build().verify(List.of(leaf.certificate(), intermediate.certificate()), NOW);
        assertThat(path.warnings()).anyMatch(w -> w.contains("no CRL of CN=CRL intermediate"));
        CertificateProblem missing = catchThrowableOfType(CertificateProblem.class, () -> verifier(crl(ROOT, b -> { }))
                .requireCrlForEveryIssuer(true).build().verify(List.of(leaf.certificate(), intermediate.certificate()), NOW));
        assertThat(missing.reason()).isEqualTo(FailureReason.CRL_MISSING);
    }
}
