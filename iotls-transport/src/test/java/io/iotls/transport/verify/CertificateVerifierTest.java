package io.iotls.transport.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.CertificateSpec;
import io.iotls.testkit.CertificateSpec.Made;
import io.iotls.testkit.KeyType;
import io.iotls.transport.FailureReason;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each rule of the verifier (docs/validation.md) with a certificate that breaks it, made by the testkit, and the
 * well-formed case beside it. A refusal names the reason, the rule and the certificate.
 */
class CertificateVerifierTest {
    private static final Made ROOT = CertificateSpec.ca("Root").selfSigned();
    private static final Made INTERMEDIATE = CertificateSpec.ca("Intermediate").issuedBy(ROOT);
    private static final Instant NOW = Instant.now();

    private static CertificateVerifier.Builder trusting(Made... anchors) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Made m : anchors) certs.add(m.certificate());
        return CertificateVerifier.builder().trustAnchors(certs).trustDescription("test roots");
    }

    private static List<X509Certificate> chain(Made leaf, Made... rest) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf.certificate()));
        for (Made m : rest) chain.add(m.certificate());
        return chain;
    }

    private static VerifiedPath accepted(CertificateVerifier.Builder v, String name, Made leaf, Made... rest) throws CertificateProblem {
        return v.build().verify(chain(leaf, rest), name, NOW);
    }

    private static CertificateProblem refused(CertificateVerifier.Builder v, String name, Made leaf, Made... rest) {
        CertificateProblem p = catchThrowableOfType(CertificateProblem.class, () -> v.build().verify(chain(leaf, rest), name, NOW));
        assertThat(p).as("refused").isNotNull();
        return p;
    }

    private static Made broker() {
        return CertificateSpec.server("broker.plant").issuedBy(INTERMEDIATE);
    }

    @Test
    void aWellFormedChainPassesLeafToRoot() throws Exception {
        Made leaf = broker();
        VerifiedPath path = accepted(trusting(ROOT), "broker.plant", leaf, INTERMEDIATE);
        assertThat(path.certificates()).containsExactly(leaf.certificate(), INTERMEDIATE.certificate(), ROOT.certificate());
        assertThat(path.warnings()).isEmpty();
    }

    @Test
    void theCertificatesAfterTheLeafMayComeInAnyOrder() throws Exception {
        Made leaf = broker();
        VerifiedPath ordered = accepted(trusting(ROOT), "broker.plant", leaf, INTERMEDIATE, ROOT);
        VerifiedPath shuffled = accepted(trusting(ROOT), "broker.plant", leaf, ROOT, INTERMEDIATE);
        assertThat(shuffled.certificates()).isEqualTo(ordered.certificates());
    }

    @Test
    void aChainUnderAnotherCaOfTheSameNameIsRefused() {
        Made otherRoot = CertificateSpec.ca("Root").selfSigned();
        Made leaf = CertificateSpec.server("broker.plant").issuedBy(CertificateSpec.ca("Intermediate").issuedBy(otherRoot));
        CertificateProblem p = refused(trusting(ROOT), "broker.plant", leaf);
        assertThat(p.reason()).isEqualTo(FailureReason.UNTRUSTED_CERTIFICATE);
    }

    @Nested
    class ExtendedKeyUsage_ {
        @Test
        void aDevicesCertificateIsNoBrokersAndTheOtherWayRound() throws Exception {
            Made device = CertificateSpec.client("device-7").issuedBy(INTERMEDIATE);
            CertificateProblem p = refused(trusting(ROOT).purpose(CertificatePurpose.SERVER_AUTH), null, device, INTERMEDIATE);
            assertThat(p.reason()).isEqualTo(FailureReason.CERTIFICATE_PURPOSE);
            assertThat(p.getMessage()).contains("clientAuth", "not serverAuth");
            accepted(trusting(ROOT).purpose(CertificatePurpose.CLIENT_AUTH), null, device, INTERMEDIATE);
            assertThat(refused(trusting(ROOT).purpose(CertificatePurpose.CLIENT_AUTH), null, broker(), INTERMEDIATE).reason())
                    .isEqualTo(FailureReason.CERTIFICATE_PURPOSE);
        }

        @Test
        void anyExtendedKeyUsageInALeafIsRefusedAnAbsentOneAllowsEveryUse() throws Exception {
            Made any = CertificateSpec.server("broker.plant").with(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.anyExtendedKeyUsage})).issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "broker.plant", any, INTERMEDIATE).rule()).contains("7.1.2.7.10");
            accepted(trusting(ROOT), "broker.plant", CertificateSpec.server("broker.plant").without(Extension.extendedKeyUsage)
                    .issuedBy(INTERMEDIATE), INTERMEDIATE);
        }

        @Test
        void aCaWhoseExtendedKeyUsageExcludesThePurposeMayNotIssueForIt() throws Exception {
            Made clientOnlyCa = CertificateSpec.ca("Device CA").with(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)).issuedBy(ROOT);
            Made leaf = CertificateSpec.server("broker.plant").issuedBy(clientOnlyCa);
            CertificateProblem p = refused(trusting(ROOT), "broker.plant", leaf, clientOnlyCa);
            assertThat(p.reason()).isEqualTo(FailureReason.CERTIFICATE_PURPOSE);
            assertThat(p.getMessage()).contains("may not issue certificates for a broker");
        }
    }

    @Nested
    class BasicConstraintsAndKeyUsage {
        @Test
        void anIntermediateWithoutBasicConstraintsMayNotIssue() {
            Made notCa = CertificateSpec.ca("Intermediate").without(Extension.basicConstraints).issuedBy(ROOT);
            Made leaf = CertificateSpec.server("broker.plant").issuedBy(notCa);
            CertificateProblem p = refused(trusting(ROOT), "broker.plant", leaf, notCa);
            assertThat(p.reason()).isEqualTo(FailureReason.CERTIFICATE_MALFORMED);
            assertThat(p.rule()).isEqualTo("RFC 5280 4.2.1.9");
            assertThat(p.certificate()).isEqualTo(notCa.certificate());
        }

        @Test
        void aRootWithNonCriticalBasicConstraintsIsRefusedUnlessTheLegacyProfileListsIt() throws Exception {
            Made root = CertificateSpec.ca("Old root").with(Extension.basicConstraints, false, new BasicConstraints(true)).selfSigned();
            Made leaf = CertificateSpec.server("broker.plant").issuedBy(root);
            assertThat(refused(trusting(root), "broker.plant", leaf).getMessage()).contains("not critical");
            VerifiedPath legacy = accepted(trusting(root).profile(ValidationProfile.LEGACY_PKI), "broker.plant", leaf);
            assertThat(legacy.warnings()).singleElement().asString().contains("legacyPki", "basicConstraints extension is not critical");
        }

        @Test
        void aLeafThatMaySignCertificatesOrIsMarkedCaIsRefused() {
            Made signer = CertificateSpec.server("broker.plant")
                    .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)).issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "broker.plant", signer, INTERMEDIATE).rule()).isEqualTo("RFC 5280 4.2.1.3");
            Made markedCa = CertificateSpec.server("broker.plant").with(Extension.basicConstraints, true, new BasicConstraints(true))
                    .issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "broker.plant", markedCa, INTERMEDIATE).getMessage()).contains("used as the end entity");
        }

        @Test
        void aCaCertificateInTheLeafsPlaceWithoutDigitalSignatureIsACertificateProblemNotAnInternalError() {
            Made caAsLeaf = CertificateSpec.ca("broker.plant").names("broker.plant").issuedBy(ROOT);
            CertificateProblem p = refused(trusting(ROOT).profile(ValidationProfile.LEGACY_PKI), "broker.plant", caAsLeaf);
            assertThat(p.getMessage()).contains("lacks digitalSignature");
        }

        @Test
        void aPathLongerThanACasPathLengthConstraintIsRefused() throws Exception {
            Made root = CertificateSpec.ca("Root pathlen 0").with(Extension.basicConstraints, true, new BasicConstraints(0)).selfSigned();
            Made intermediate = CertificateSpec.ca("Intermediate").issuedBy(root);
            CertificateProblem p = refused(trusting(root), "broker.plant", CertificateSpec.server("broker.plant").issuedBy(intermediate),
                    intermediate);
            assertThat(p.getMessage()).contains("allows 0 CA certificate(s) below it");
            accepted(trusting(root), "broker.plant", CertificateSpec.server("broker.plant").issuedBy(root));
        }

        @Test
        void aMaximumNumberOfIntermediatesCanBeSet() throws Exception {
            Made second = CertificateSpec.ca("Second").issuedBy(INTERMEDIATE);
            Made leaf = CertificateSpec.server("broker.plant").issuedBy(second);
            accepted(trusting(ROOT).maxIntermediates(2), "broker.plant", leaf, second, INTERMEDIATE);
            assertThat(refused(trusting(ROOT).maxIntermediates(1), "broker.plant", leaf, second, INTERMEDIATE).getMessage())
                    .contains("more than the 1 intermediate");
        }
    }

    @Nested
    class NameConstraints_ {
        private Made constrainedRoot(GeneralSubtree[] permitted, GeneralSubtree[] excluded) {
            return CertificateSpec.ca("Plant root").with(Extension.nameConstraints, true, new NameConstraints(permitted, excluded))
                    .selfSigned();
        }

        private GeneralSubtree[] dns(String name) {
            return new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, name))};
        }

        @Test
        void theTrustAnchorsOwnConstraintsApply() throws Exception {
            Made root = constrainedRoot(dns("plant.example"), null);
            accepted(trusting(root), "broker.plant.example", CertificateSpec.server("broker.plant.example").issuedBy(root));
            CertificateProblem p = refused(trusting(root), "broker.elsewhere.example",
                    CertificateSpec.server("broker.elsewhere.example").issuedBy(root));
            assertThat(p.reason()).isEqualTo(FailureReason.NAME_NOT_PERMITTED);
            assertThat(p.getMessage()).contains("DNS broker.elsewhere.example", "Plant root", "none of the permitted subtrees");
        }

        @Test
        void anExcludedAddressOrNameIsRefusedAWildcardThatCoversAnExcludedNameToo() {
            Made root = constrainedRoot(null, new GeneralSubtree[] {
                    new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 0, (byte) 255, 0, 0, 0}))),
                    new GeneralSubtree(new GeneralName(GeneralName.dNSName, "secret.plant.example"))});
            assertThat(refused(trusting(root), "10.1.2.3", CertificateSpec.server("x").names("10.1.2.3").issuedBy(root)).getMessage())
                    .contains("10.1.2.3", "excluded subtree '10.0.0.0/255.0.0.0'");
            assertThat(refused(trusting(root), "a.plant.example", CertificateSpec.server("plant").names("*.plant.example")
                    .issuedBy(root)).reason()).isEqualTo(FailureReason.NAME_NOT_PERMITTED);
        }

        @Test
        void aDirectoryNameConstraintAppliesToTheSubject() throws Exception {
            Made root = CertificateSpec.ca("Plant root").with(Extension.nameConstraints, true, new NameConstraints(new GeneralSubtree[] {
                    new GeneralSubtree(new GeneralName(new org.bouncycastle.asn1.x500.X500Name("O=iotls rule tests")))}, null)).selfSigned();
            accepted(trusting(root), "broker.plant", CertificateSpec.server("broker.plant").issuedBy(root));
        }

        @Test
        void invalidSubtreesAreRefusedNotIgnored() {
            Made wildcard = constrainedRoot(dns("*.plant.example"), null);
            CertificateProblem p = refused(trusting(wildcard), "a.plant.example", CertificateSpec.server("a.plant.example").issuedBy(wildcard));
            assertThat(p.reason()).isEqualTo(FailureReason.CERTIFICATE_MALFORMED);
            assertThat(p.getMessage()).contains("name constraints are invalid");
            Made badMask = constrainedRoot(new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.iPAddress,
                    new DEROctetString(new byte[] {10, 0, 0, 0, (byte) 255, 0, (byte) 255, 0})))}, null);
            assertThat(refused(trusting(badMask), "10.0.0.1", CertificateSpec.server("x").names("10.0.0.1").issuedBy(badMask))
                    .getMessage()).contains("netmask is not contiguous");
        }

        @Test
        void aConstraintInALeafIsRefused() {
            Made leaf = CertificateSpec.server("broker.plant").with(Extension.nameConstraints, true, new NameConstraints(dns("plant"), null))
                    .issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "broker.plant", leaf, INTERMEDIATE).getMessage()).contains("only CAs may carry");
        }
    }

    @Nested
    class Structure {
        @Test
        void serialNumbersMustBePositiveAndAtMostTwentyOctets() throws Exception {
            for (BigInteger bad : List.of(BigInteger.ZERO, BigInteger.valueOf(-5), BigInteger.ONE.shiftLeft(161))) {
                Made leaf = CertificateSpec.server("broker.plant").serial(bad).issuedBy(INTERMEDIATE);
                assertThat(refused(trusting(ROOT), "broker.plant", leaf, INTERMEDIATE).rule()).as("serial %s", bad).isEqualTo("RFC 5280 4.1.2.2");
            }
            accepted(trusting(ROOT), "broker.plant", CertificateSpec.server("broker.plant").serial(BigInteger.ONE.shiftLeft(158))
                    .issuedBy(INTERMEDIATE), INTERMEDIATE);
        }

        @Test
        void anUnknownCriticalExtensionFailsAnyCertificateOfThePathTheAnchorToo() {
            ASN1ObjectIdentifier unknown = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1");
            Made root = CertificateSpec.ca("Root").with(unknown, true, DERNull.INSTANCE).selfSigned();
            assertThat(refused(trusting(root), "broker.plant", CertificateSpec.server("broker.plant").issuedBy(root)).getMessage())
                    .contains("critical extension iotls does not understand (1.3.6.1.4.1.55555.1)");
            Made leaf = CertificateSpec.server("broker.plant").with(unknown, true, DERNull.INSTANCE).issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "broker.plant", leaf, INTERMEDIATE).rule()).isEqualTo("RFC 5280 4.2");
        }

        @Test
        void keyIdentifiersMustBeThereAndNeverCritical() throws Exception {
            Made noSki = CertificateSpec.ca("Intermediate").without(Extension.subjectKeyIdentifier).issuedBy(ROOT);
            Made leaf = CertificateSpec.server("broker.plant").issuedBy(noSki);
            assertThat(refused(trusting(ROOT), "broker.plant", leaf, noSki).rule()).isEqualTo("RFC 5280 4.2.1.2");
            assertThat(accepted(trusting(ROOT).profile(ValidationProfile.LEGACY_PKI), "broker.plant", leaf, noSki).warnings())
                    .anyMatch(w -> w.contains("without subjectKeyIdentifier"));
            Made noAki = CertificateSpec.server("broker.plant").without(Extension.authorityKeyIdentifier).issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "broker.plant", noAki, INTERMEDIATE).rule()).isEqualTo("RFC 5280 4.2.1.1");
        }

        @Test
        void namesInTheSubjectAltNameMustBeValidHostNames() {
            for (String bad : List.of("under_score.plant", "*.co.uk", "b*.plant.example", "*")) {
                Made leaf = CertificateSpec.server("broker.plant").names(bad).issuedBy(INTERMEDIATE);
                assertThat(refused(trusting(ROOT), null, leaf, INTERMEDIATE).reason()).as(bad).isEqualTo(FailureReason.CERTIFICATE_MALFORMED);
            }
        }

        @Test
        void anIpEntryWithANetmaskIsAMalformedCertificateNotACrash() {
            Made leaf = CertificateSpec.server("x").with(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                    GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 1, (byte) 255, (byte) 255, (byte) 255, 0}))))
                    .issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "10.0.0.1", leaf, INTERMEDIATE).getMessage()).contains("netmask belongs in name constraints");
        }

        @Test
        void aCommonNameThatNamesASanHostMustBeWrittenTheSameWay() throws Exception {
            Made leaf = CertificateSpec.server("Broker.PLANT").names("broker.plant").issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "broker.plant", leaf, INTERMEDIATE).rule()).isEqualTo("CA/B Forum BR 7.1.4.3");
            accepted(trusting(ROOT), "broker.plant", CertificateSpec.server("Plant broker 7").names("broker.plant")
                    .issuedBy(INTERMEDIATE), INTERMEDIATE);
        }
    }

    @Nested
    class KeysAndSignatures {
        @Test
        void rsaUnder2048BitsIsWeakAndOnlyTheLegacyProfileLetsItPassWithAWarning() throws Exception {
            Made leaf = CertificateSpec.server("broker.plant").key("RSA", 1024).issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT), "broker.plant", leaf, INTERMEDIATE).reason()).isEqualTo(FailureReason.CERTIFICATE_WEAK);
            assertThat(accepted(trusting(ROOT).profile(ValidationProfile.LEGACY_PKI), "broker.plant", leaf, INTERMEDIATE).warnings())
                    .anyMatch(w -> w.contains("only 1024 bits"));
        }

        @Test
        void dsaKeysAreRefusedInEveryProfile() {
            Made leaf = CertificateSpec.server("broker.plant").key("DSA", 2048).issuedBy(INTERMEDIATE);
            assertThat(refused(trusting(ROOT).profile(ValidationProfile.LEGACY_PKI), "broker.plant", leaf, INTERMEDIATE).getMessage())
                    .contains("DSA");
        }

        @Test
        void sha1SignaturesAreWeak() {
            Made rsaRoot = CertificateSpec.ca("RSA root").key(KeyType.RSA_2048).selfSigned();
            Made leaf = CertificateSpec.server("broker.plant").signatureAlgorithm("SHA1withRSA").issuedBy(rsaRoot);
            assertThat(refused(trusting(rsaRoot), "broker.plant", leaf).getMessage()).contains("SHA1withRSA");
        }
    }

    @Nested
    class DatesAndPaths {
        @Test
        void anExpiredTrustAnchorFailsThePath() {
            Made old = CertificateSpec.ca("Old root").validity(NOW.minus(Duration.ofDays(900)), NOW.minus(Duration.ofDays(1))).selfSigned();
            CertificateProblem p = refused(trusting(old), "broker.plant", CertificateSpec.server("broker.plant").issuedBy(old));
            assertThat(p.reason()).isEqualTo(FailureReason.CERTIFICATE_EXPIRED);
            assertThat(p.getMessage()).contains("the trusted CA certificate");
        }

        @Test
        void anExpiredCrossCertificateIsPassedOverForAValidOneOfTheSameCa() throws Exception {
            Made expiredCross = CertificateSpec.ca("Intermediate").sameKeyAs(INTERMEDIATE).validity(NOW.minus(Duration.ofDays(900)), NOW.minus(Duration.ofDays(1)))
                    .issuedBy(ROOT);
            Made leaf = broker();
            VerifiedPath path = accepted(trusting(ROOT), "broker.plant", leaf, expiredCross, INTERMEDIATE);
            assertThat(path.certificates()).contains(INTERMEDIATE.certificate()).doesNotContain(expiredCross.certificate());
        }

        @Test
        void whenEveryCandidateFailsEachIsListedWithItsReason() {
            Made expired = CertificateSpec.ca("Intermediate").sameKeyAs(INTERMEDIATE)
                    .validity(NOW.minus(Duration.ofDays(900)), NOW.minus(Duration.ofDays(1))).issuedBy(ROOT);
            Made notCa = CertificateSpec.ca("Intermediate").sameKeyAs(INTERMEDIATE).without(Extension.basicConstraints).issuedBy(ROOT);
            Made leaf = broker();
            CertificateProblem p = refused(trusting(ROOT), "broker.plant", leaf, expired, notCa);
            assertThat(p.rejectedCandidates()).hasSize(2);
            assertThat(String.join("\n", p.rejectedCandidates())).contains("expired on", "no basicConstraints");
        }

        @Test
        void manyCandidatesOfOneNameEndTheSearchWithinItsBound() {
            List<Made> decoys = new ArrayList<>();
            for (int i = 0; i < 120; i++) decoys.add(CertificateSpec.ca("Intermediate").without(Extension.subjectKeyIdentifier).issuedBy(ROOT));
            Made leaf = CertificateSpec.server("broker.plant").without(Extension.authorityKeyIdentifier).issuedBy(INTERMEDIATE);
            CertificateProblem p = refused(trusting(ROOT).profile(ValidationProfile.LEGACY_PKI), "broker.plant", leaf,
                    decoys.toArray(Made[]::new));
            assertThat(p.getMessage()).contains("gave up after 100 signature checks");
        }

        /**
         * An intermediate given as the trust anchor (a CA file holding only the plant's issuing CA) is trusted as
         * given; the CA/B rule that a root's key identifier names nothing else is for roots, and openssl's usual
         * "keyid,issuer" writes name and serial into every intermediate. Found by scripts/mosquitto-compat.sh.
         */
        @Test
        void anIntermediateGivenAsTheAnchorIsNotHeldToTheRootsKeyIdentifierRule() throws Exception {
            var keyIdWithIssuerAndSerial = new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
                    .createAuthorityKeyIdentifier(ROOT.certificate());
            Made issuing = CertificateSpec.ca("Issuing").with(Extension.authorityKeyIdentifier, false, keyIdWithIssuerAndSerial).issuedBy(ROOT);
            Made leaf = CertificateSpec.server("broker.plant").issuedBy(issuing);
            assertThat(accepted(trusting(issuing), "broker.plant", leaf, issuing).certificates())
                    .containsExactly(leaf.certificate(), issuing.certificate());
            assertThat(accepted(trusting(ROOT), "broker.plant", leaf, issuing).certificates()).hasSize(3);
            // a root that names itself by issuer and serial beside its own key id is still refused, by that rule
            Made plain = CertificateSpec.ca("Root naming itself").serial(java.math.BigInteger.valueOf(4242)).selfSigned();
            byte[] keyId = new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
                    .createSubjectKeyIdentifier(plain.certificate().getPublicKey()).getKeyIdentifier();
            var selfNaming = new org.bouncycastle.asn1.x509.AuthorityKeyIdentifier(keyId, new GeneralNames(new GeneralName(
                    org.bouncycastle.asn1.x500.X500Name.getInstance(plain.certificate().getSubjectX500Principal().getEncoded()))),
                    java.math.BigInteger.valueOf(4242));
            Made root = CertificateSpec.ca("Root naming itself").sameKeyAs(plain).serial(java.math.BigInteger.valueOf(4242))
                    .with(Extension.authorityKeyIdentifier, false, selfNaming).selfSigned();
            assertThat(refused(trusting(root), "broker.plant", CertificateSpec.server("broker.plant").issuedBy(root)).getMessage())
                    .contains("it is a root whose authorityKeyIdentifier names an issuer name and serial");
        }

        @Test
        void aSelfSignedCertificateGivenAsItsOwnCaIsTrusted() throws Exception {
            Made self = CertificateSpec.server("broker.plant").selfSigned();
            assertThat(accepted(trusting(self), "broker.plant", self).certificates()).containsExactly(self.certificate());
            assertThat(refused(trusting(ROOT), "broker.plant", self).getMessage()).contains("is self-signed");
        }
    }
}
