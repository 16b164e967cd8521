package io.iotls.transport.verify;

import io.iotls.transport.FailureReason;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * The rules one certificate must meet by itself, by its place in the path: the leaf, a CA below the anchor, the
 * anchor, or a leaf that is itself trusted (a self-signed device or broker given as its own CA). Each broken rule is
 * a {@link CertificateProblem} naming the rule; those the {@link ValidationProfile#LEGACY_PKI} profile relaxes go to
 * {@link Relaxations} instead.
 */
final class CertificateRules {
    enum Place { LEAF, TRUSTED_LEAF, INTERMEDIATE, ANCHOR }

    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of(
            Extension.keyUsage.getId(), Extension.subjectAlternativeName.getId(), Extension.basicConstraints.getId(),
            Extension.nameConstraints.getId(), Extension.certificatePolicies.getId(), Extension.policyMappings.getId(),
            Extension.policyConstraints.getId(), Extension.extendedKeyUsage.getId(), Extension.inhibitAnyPolicy.getId(),
            Extension.cRLDistributionPoints.getId());
    private static final Set<String> NEVER_CRITICAL = Set.of(Extension.subjectKeyIdentifier.getId(),
            Extension.authorityKeyIdentifier.getId(), Extension.authorityInfoAccess.getId());
    private static final Set<String> STRONG_CURVES = Set.of("1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35");
    private static final Set<String> WEAK_SIGNATURES = Set.of("1.2.840.113549.1.1.2", "1.2.840.113549.1.1.3",
            "1.2.840.113549.1.1.4", "1.2.840.113549.1.1.5", "1.3.14.3.2.29", "1.2.840.10045.4.1", "1.2.840.10040.4.3",
            "2.16.840.1.101.3.4.3.1", "2.16.840.1.101.3.4.3.2", "1.2.840.10045.4.3.1"); // MD2/MD4/MD5/SHA-1, DSA, SHA-224

    private final CertificatePurpose purpose;
    private final Relaxations relaxations;

    CertificateRules(CertificatePurpose purpose, Relaxations relaxations) {
        this.purpose = purpose;
        this.relaxations = relaxations;
    }

    void check(ParsedCertificate c, Place place, Instant at) throws CertificateProblem {
        checkStructure(c, place);
        checkExtensions(c, place);
        checkKey(c, place);
        if (place != Place.ANCHOR && place != Place.TRUSTED_LEAF) checkSignatureAlgorithm(c);
        checkDates(c, place, at);
        if (place == Place.LEAF || place == Place.TRUSTED_LEAF) checkLeaf(c, place);
        else checkCa(c, place);
    }

    static void checkDates(ParsedCertificate p, Place place, Instant at) throws CertificateProblem {
        var c = p.x509;
        Instant notBefore = c.getNotBefore().toInstant();
        Instant notAfter = c.getNotAfter().toInstant();
        Instant now = at.truncatedTo(ChronoUnit.SECONDS); // validity has a second's granularity (RFC 5280 4.1.2.5)
        String role = switch (place) {
            case LEAF, TRUSTED_LEAF -> "the certificate";
            case INTERMEDIATE -> "the intermediate CA certificate";
            case ANCHOR -> "the trusted CA certificate";
        };
        if (now.isAfter(notAfter)) {
            throw CertificateProblem.rule(FailureReason.CERTIFICATE_EXPIRED, "RFC 5280 4.1.2.5", c, role + " " + Describe.subject(c)
                    + " expired on " + notAfter + " (now " + now + ")", place == Place.ANCHOR
                    ? "replace the expired CA certificate in the trust store with its renewed one" : null);
        }
        if (now.isBefore(notBefore)) {
            throw CertificateProblem.rule(FailureReason.CERTIFICATE_NOT_YET_VALID, "RFC 5280 4.1.2.5", c, role + " "
                    + Describe.subject(c) + " is not valid before " + notBefore + " (now " + now + ")", null);
        }
    }

    private void checkStructure(ParsedCertificate c, Place place) throws CertificateProblem {
        var x = c.x509;
        if (!c.asn1.getSignatureAlgorithm().equals(c.asn1.getTBSCertificate().getSignature())) {
            throw malformed("RFC 5280 4.1.1.2", c, "its two signature algorithm fields differ");
        }
        if (x.getVersion() != 3) {
            relax("RFC 5280 4.1.2.1", c, "it is an X.509 version " + x.getVersion() + " certificate, which cannot say whether it is a CA",
                    place == Place.ANCHOR);
        }
        BigInteger serial = x.getSerialNumber();
        if (serial.signum() <= 0 || serial.toByteArray().length > 20) {
            relax("RFC 5280 4.1.2.2", c, "its serial number " + serial + " is " + (serial.signum() <= 0 ? "not positive"
                    : "longer than 20 octets"), true);
        }
        if (place != Place.TRUSTED_LEAF && place != Place.ANCHOR && x.getIssuerX500Principal().getEncoded().length <= 2) {
            throw malformed("RFC 5280 4.1.2.4", c, "its issuer name is empty");
        }
        if (place != Place.LEAF && place != Place.TRUSTED_LEAF && c.subject().getRDNs().length == 0) {
            throw malformed("RFC 5280 4.1.2.6", c, "it is a CA certificate with an empty subject");
        }
    }

    private void checkExtensions(ParsedCertificate c, Place place) throws CertificateProblem {
        if (c.extensions == null) return;
        for (ASN1ObjectIdentifier oid : c.extensions.getExtensionOIDs()) {
            Extension e = c.extensions.getExtension(oid);
            String id = oid.getId();
            if (e.isCritical() && NEVER_CRITICAL.contains(id)) {
                throw malformed("RFC 5280 4.2", c, "its " + extensionName(id) + " extension is marked critical, which it must never be");
            }
            if (e.isCritical() && !UNDERSTOOD_CRITICAL.contains(id) && !NEVER_CRITICAL.contains(id)) {
                throw malformed("RFC 5280 4.2", c, "it has a critical extension iotls does not understand (" + id
                        + "): a critical extension that is not understood must fail the certificate");
            }
        }
        Extension pc = c.extension(Extension.policyConstraints);
        if (pc != null && !pc.isCritical()) throw malformed("RFC 5280 4.2.1.11", c, "its policyConstraints extension is not critical");
        Extension aia = c.extension(Extension.authorityInfoAccess);
        if (aia != null) {
            try {
                AuthorityInformationAccess.getInstance(aia.getParsedValue());
            } catch (RuntimeException ex) {
                throw malformed("RFC 5280 4.2.2.1", c, "its authorityInfoAccess extension is malformed");
            }
        }
        checkKeyIdentifiers(c, place);
        checkSubjectAltName(c, place);
    }

    private void checkKeyIdentifiers(ParsedCertificate c, Place place) throws CertificateProblem {
        AuthorityKeyIdentifier aki = c.authorityKeyId();
        byte[] ski = c.subjectKeyId();
        boolean selfSigned = c.isSelfIssued() && (place == Place.ANCHOR || place == Place.TRUSTED_LEAF);
        if (aki == null && !selfSigned && place != Place.ANCHOR) { // an anchor is trusted as given: name and key
            relax("RFC 5280 4.2.1.1", c, "it has no authorityKeyIdentifier, which every certificate but a self-signed root must carry", true);
        }
        if (aki != null) {
            if (aki.getKeyIdentifier() == null) {
                relax("RFC 5280 4.2.1.1", c, "its authorityKeyIdentifier has no keyIdentifier", true);
            }
            // issuer name and serial beside the key id: openssl's usual "keyid,issuer" writes them, so only a root is held to
            // the CA/Browser Forum's key-id-only form (a root names itself: there is nothing else to point at); an
            // intermediate given as the anchor is not a root
            if (place == Place.ANCHOR && c.isSelfIssued()
                    && (aki.getAuthorityCertIssuer() != null || aki.getAuthorityCertSerialNumber() != null)) {
                relax("CA/B Forum BR 7.1.2.1.3", c, "it is a root whose authorityKeyIdentifier names an issuer name and serial", true);
            }
            if (selfSigned && aki.getKeyIdentifier() != null && ski != null && !java.util.Arrays.equals(aki.getKeyIdentifier(), ski)) {
                throw malformed("RFC 5280 4.2.1.1", c, "it is self-signed but its authorityKeyIdentifier differs from its own subjectKeyIdentifier");
            }
        }
        if (ski == null && place != Place.LEAF && place != Place.TRUSTED_LEAF) {
            relax("RFC 5280 4.2.1.2", c, "it is a CA certificate without subjectKeyIdentifier", true);
        }
    }

    private void checkSubjectAltName(ParsedCertificate c, Place place) throws CertificateProblem {
        Extension e = c.extension(Extension.subjectAlternativeName);
        if (e == null) return;
        GeneralNames names = c.subjectAltNames();
        boolean emptySubject = c.subject().getRDNs().length == 0;
        if (emptySubject && !e.isCritical()) {
            throw malformed("RFC 5280 4.2.1.6", c, "its subject is empty, so its subjectAltName must be critical, and it is not");
        }
        if (!emptySubject && e.isCritical()) {
            relax("CA/B Forum BR 7.1.2.7.12", c, "its subjectAltName is critical although it has a subject", true);
        }
        if (names.getNames().length == 0) throw malformed("RFC 5280 4.2.1.6", c, "its subjectAltName is empty");
        for (GeneralName n : names.getNames()) {
            String problem = switch (n.getTagNo()) {
                case GeneralName.dNSName -> {
                    String p = DnsNames.dnsSyntaxProblem(text(n), place == Place.LEAF || place == Place.TRUSTED_LEAF);
                    yield p == null ? null : "its subjectAltName dNSName '" + text(n) + "' is no valid host name: " + p;
                }
                case GeneralName.iPAddress -> {
                    int length = ASN1OctetString.getInstance(n.getName()).getOctets().length;
                    yield length == 4 || length == 16 ? null
                            : "its subjectAltName iPAddress has " + length + " bytes (an address has 4 or 16; a netmask belongs in name constraints)";
                }
                case GeneralName.rfc822Name -> {
                    String p = DnsNames.mailboxProblem(text(n));
                    yield p == null ? null : "its subjectAltName rfc822Name '" + text(n) + "' is no valid mailbox: " + p;
                }
                default -> null;
            };
            if (problem != null) throw malformed("RFC 5280 4.2.1.6", c, problem);
        }
    }

    private void checkKey(ParsedCertificate c, Place place) throws CertificateProblem {
        var spki = c.asn1.getSubjectPublicKeyInfo();
        String algorithm = spki.getAlgorithm().getAlgorithm().getId();
        switch (algorithm) {
            case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10" -> {
                int bits = ((RSAPublicKey) c.x509.getPublicKey()).getModulus().bitLength();
                if (bits % 8 != 0) throw weak("CA/B Forum BR 6.1.5", c, "its RSA modulus has " + bits + " bits, not a multiple of 8");
                if (bits < 1024) throw weak("CA/B Forum BR 6.1.5", c, "its RSA key has only " + bits + " bits");
                if (bits < 2048) relaxWeak("CA/B Forum BR 6.1.5", c, "its RSA key has only " + bits + " bits (at least 2048 are needed)");
            }
            case "1.2.840.10045.2.1" -> {
                ASN1Encodable params = spki.getAlgorithm().getParameters();
                if (!(params instanceof ASN1ObjectIdentifier curve)) {
                    throw weak("RFC 5480 2.1.1", c, "its EC key has explicit curve parameters instead of a named curve");
                }
                if (!STRONG_CURVES.contains(curve.getId())) {
                    throw weak("CA/B Forum BR 6.1.5", c, "its EC key is on curve " + curve.getId() + ", not P-256, P-384 or P-521");
                }
            }
            case "1.3.101.112", "1.3.101.113" -> { } // Ed25519, Ed448
            case "1.2.840.10040.4.1" -> throw weak("CA/B Forum BR 6.1.5", c, "its key is a DSA key, which iotls does not accept");
            default -> throw weak("CA/B Forum BR 6.1.5", c, "its key algorithm " + algorithm + " is not RSA, EC or EdDSA");
        }
    }

    private void checkSignatureAlgorithm(ParsedCertificate c) throws CertificateProblem {
        AlgorithmIdentifier sig = c.asn1.getSignatureAlgorithm();
        if (WEAK_SIGNATURES.contains(sig.getAlgorithm().getId())) {
            relaxWeak("CA/B Forum BR 7.1.3.2", c, "it is signed with " + c.x509.getSigAlgName()
                    + ", a hash that collisions have broken or that is too short");
        }
    }

    private void checkLeaf(ParsedCertificate c, Place place) throws CertificateProblem {
        BasicConstraints bc = c.basicConstraints();
        KeyUsage ku = c.keyUsage();
        if (c.extension(Extension.nameConstraints) != null) {
            throw malformed("RFC 5280 4.2.1.10", c, "it is an end-entity certificate with name constraints, which only CAs may carry");
        }
        if (place == Place.LEAF) {
            if (bc != null && bc.isCA()) {
                relax("CA/B Forum BR 7.1.2.7.8", c, "it is a CA certificate (basicConstraints cA) used as the end entity", true);
            }
            if (ku != null && ku.hasUsages(KeyUsage.keyCertSign) && (bc == null || !bc.isCA())) {
                throw malformed("RFC 5280 4.2.1.3", c, "its keyUsage allows signing certificates (keyCertSign) but it is no CA");
            }
        }
        if (ku != null && !ku.hasUsages(KeyUsage.digitalSignature)) {
            relax("RFC 5280 4.2.1.3", c, "its keyUsage lacks digitalSignature, which a TLS " + (purpose == CertificatePurpose.SERVER_AUTH
                    ? "server needs to sign the handshake" : "client needs for CertificateVerify"), ku.hasUsages(KeyUsage.keyEncipherment));
        }
        checkLeafPurpose(c);
        if (purpose == CertificatePurpose.SERVER_AUTH) checkCommonName(c);
    }

    private void checkLeafPurpose(ParsedCertificate c) throws CertificateProblem {
        List<String> usages = extendedKeyUsages(c);
        if (usages == null) return; // absent: every use (RFC 5280 4.2.1.12); see docs/validation.md
        if (usages.contains(CertificatePurpose.ANY_EXTENDED_KEY_USAGE)) {
            relax("CA/B Forum BR 7.1.2.7.10", c, "its extended key usage includes anyExtendedKeyUsage, which lets it be used for anything",
                    true);
        }
        if (c.extension(Extension.extendedKeyUsage).isCritical()) {
            relax("CA/B Forum BR 7.1.2.7.10", c, "its extended key usage is marked critical", true);
        }
        if (usages.contains(purpose.oid) || usages.contains(CertificatePurpose.ANY_EXTENDED_KEY_USAGE)) return;
        throw purposeProblem(c, usages, true, purpose);
    }

    /**
     * The CA/Browser Forum rule on the common name (BR 7.1.4.3), where it can mislead: a CN that names the same host or
     * address as a subjectAltName entry must be written exactly as that entry (not in other case, not as hex or
     * zero-padded digits, not uncompressed IPv6, not Unicode for an xn-- name), so software that still reads the CN
     * cannot be made to see another name. A CN naming no SAN host is accepted: iotls never reads the CN (as Go).
     */
    private void checkCommonName(ParsedCertificate c) throws CertificateProblem {
        GeneralNames names = c.subjectAltNames();
        if (names == null) return;
        for (RDN rdn : c.subject().getRDNs(BCStyle.CN)) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                String cn = tv.getValue() instanceof org.bouncycastle.asn1.ASN1String str ? str.getString()
                        : IETFUtils.valueToString(tv.getValue());
                String listedAs = sameHostWrittenOtherwise(cn, names);
                if (listedAs != null) {
                    relax("CA/B Forum BR 7.1.4.3", c, "its common name '" + cn + "' names the subjectAltName entry '" + listedAs
                            + "' but is written differently", true);
                }
            }
        }
    }

    /** The SAN entry naming the same host or address as {@code cn} when it is written otherwise, or null. */
    private static String sameHostWrittenOtherwise(String cn, GeneralNames names) {
        if (cn.contains(".") && !cn.chars().allMatch(ch -> ch < 0x80)) { // an IDN in Unicode: never a copy of a dNSName (IA5)
            for (GeneralName n : names.getNames()) if (n.getTagNo() == GeneralName.dNSName) return text(n) + "' (or another A-label";
        }
        byte[] address = looseIp(cn);
        String ascii = null;
        if (address == null) {
            try {
                ascii = java.net.IDN.toASCII(cn, java.net.IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        for (GeneralName n : names.getNames()) {
            if (address != null && n.getTagNo() == GeneralName.iPAddress) {
                byte[] san = ASN1OctetString.getInstance(n.getName()).getOctets();
                String written = DnsNames.canonicalIp(san);
                if (java.util.Arrays.equals(san, address) && !written.equals(cn)) return written;
            }
            if (ascii != null && n.getTagNo() == GeneralName.dNSName) {
                String san = text(n);
                if (san.equalsIgnoreCase(ascii) && !san.equals(cn)) return san;
            }
        }
        return null;
    }

    /** An address however it is written: dotted decimal with leading zeros, 0x hex, or any IPv6 form; null if none. */
    private static byte[] looseIp(String text) {
        String t = text.trim();
        if (t.matches("(?i)0x[0-9a-f]{1,8}")) {
            long v = Long.parseLong(t.substring(2), 16);
            return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
        }
        if (t.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            String[] parts = t.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i], 10);
                if (v > 255) return null;
                b[i] = (byte) v;
            }
            return b;
        }
        return t.contains(":") ? DnsNames.ipLiteral(t) : null;
    }

    private void checkCa(ParsedCertificate c, Place place) throws CertificateProblem {
        Extension bcExtension = c.extension(Extension.basicConstraints);
        BasicConstraints bc = c.basicConstraints();
        KeyUsage ku = c.keyUsage();
        if (bc == null || !bc.isCA()) {
            if (place == Place.ANCHOR && c.x509.getVersion() == 1) {
                relax("RFC 5280 4.2.1.9", c, "it is a version 1 root without basicConstraints", true);
            } else {
                throw malformed("RFC 5280 4.2.1.9", c, (bc == null ? "it has no basicConstraints" : "its basicConstraints say cA=false")
                        + ", so it may not issue certificates");
            }
        } else if (!bcExtension.isCritical()) {
            relax("RFC 5280 4.2.1.9", c, "its basicConstraints extension is not critical", true);
        }
        if (ku != null && !ku.hasUsages(KeyUsage.keyCertSign)) {
            throw malformed("RFC 5280 4.2.1.3", c, "it is a CA whose keyUsage lacks keyCertSign, so it may not sign certificates");
        }
        Extension nc = c.extension(Extension.nameConstraints);
        if (nc != null) NameConstraintCheck.checkSyntax(c, NameConstraints.getInstance(nc.getParsedValue()));
        List<String> usages = extendedKeyUsages(c);
        if (usages != null && !usages.contains(purpose.oid) && !usages.contains(CertificatePurpose.ANY_EXTENDED_KEY_USAGE)) {
            throw purposeProblem(c, usages, false, purpose);
        }
    }

    static List<String> extendedKeyUsages(ParsedCertificate c) throws CertificateProblem {
        Extension e = c.extension(Extension.extendedKeyUsage);
        if (e == null) return null;
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(e.getParsedValue());
            List<String> usages = new java.util.ArrayList<>();
            for (ASN1Encodable o : seq) usages.add(ASN1ObjectIdentifier.getInstance(o).getId());
            return usages;
        } catch (RuntimeException ex) {
            throw malformed("RFC 5280 4.2.1.12", c, "its extendedKeyUsage extension is malformed");
        }
    }

    static CertificateProblem purposeProblem(ParsedCertificate p, List<String> usages, boolean leaf, CertificatePurpose purpose) {
        var c = p.x509;
        String has = usages.isEmpty() ? "an empty extended key usage (no use at all)"
                : "extended key usage " + String.join(", ", usages.stream().map(CertificateRules::usageName).toList());
        return CertificateProblem.rule(FailureReason.CERTIFICATE_PURPOSE, "RFC 5280 4.2.1.12", c,
                (leaf ? "" : "the CA certificate ") + Describe.subject(c) + " has " + has
                        + (leaf ? ", not " + purpose.usage + ": it is not made to identify " + purpose.role
                        : ", which does not include " + purpose.usage + ": it may not issue certificates for " + purpose.role),
                leaf ? "reissue it with extendedKeyUsage " + purpose.usage + " (openssl: extendedKeyUsage = " + purpose.usage + ")"
                        : "the CA's extended key usage restricts what it may issue: use a CA whose EKU includes " + purpose.usage);
    }

    private static String usageName(String oid) {
        return switch (oid) {
            case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
            case "1.3.6.1.5.5.7.3.2" -> "clientAuth";
            case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
            case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
            case "1.3.6.1.5.5.7.3.8" -> "timeStamping";
            case "1.3.6.1.5.5.7.3.9" -> "OCSPSigning";
            case CertificatePurpose.ANY_EXTENDED_KEY_USAGE -> "anyExtendedKeyUsage";
            default -> oid;
        };
    }

    static String text(GeneralName n) {
        return n.getName().toString();
    }

    private static String extensionName(String oid) {
        if (oid.equals(Extension.subjectKeyIdentifier.getId())) return "subjectKeyIdentifier";
        if (oid.equals(Extension.authorityKeyIdentifier.getId())) return "authorityKeyIdentifier";
        if (oid.equals(Extension.authorityInfoAccess.getId())) return "authorityInfoAccess";
        return oid;
    }

    /** A rule broken: refused, or under the legacy profile accepted and recorded when {@code relaxable}. */
    private void relax(String rule, ParsedCertificate c, String what, boolean relaxable) throws CertificateProblem {
        CertificateProblem p = malformed(rule, c, what);
        if (!relaxable || !relaxations.accept(p)) throw p;
    }

    private void relaxWeak(String rule, ParsedCertificate c, String what) throws CertificateProblem {
        CertificateProblem p = weak(rule, c, what);
        if (!relaxations.accept(p)) throw p;
    }

    static CertificateProblem malformed(String rule, ParsedCertificate c, String what) {
        return CertificateProblem.rule(FailureReason.CERTIFICATE_MALFORMED, rule, c.x509, Describe.subject(c.x509) + ": " + what
                + " (" + rule + ")", null);
    }

    private static CertificateProblem weak(String rule, ParsedCertificate c, String what) {
        return CertificateProblem.rule(FailureReason.CERTIFICATE_WEAK, rule, c.x509, Describe.subject(c.x509) + ": " + what
                + " (" + rule + ")", null);
    }
}
