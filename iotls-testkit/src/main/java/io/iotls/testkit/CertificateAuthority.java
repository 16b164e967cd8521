package io.iotls.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests and the {@code iotls pki} command: issues CA, server and client
 * certificates, keeps a revocation list and signs CRLs. Keys are generated with the JDK's providers.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(825);

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final KeyType keyType;
    private final List<X509Certificate> issuingChain; // sent after a leaf: this CA and its parents, the root excluded
    private final Map<BigInteger, Instant> revoked = new LinkedHashMap<>();

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, KeyType keyType,
                                 List<X509Certificate> issuingChain) {
        this.certificate = certificate;
        this.key = key;
        this.keyType = keyType;
        this.issuingChain = List.copyOf(issuingChain);
    }

    /** A self-signed root CA. */
    public static CertificateAuthority root(String commonName, KeyType keyType) {
        Instant now = Instant.now();
        return root(commonName, keyType, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)));
    }

    /** A self-signed root CA valid from {@code notBefore} to {@code notAfter} (e.g. one of long standing, or expired). */
    public static CertificateAuthority root(String commonName, KeyType keyType, Instant notBefore, Instant notAfter) {
        KeyPair pair = keyType.generate();
        X509Certificate cert = build(subject(commonName), pair.getPrivate(), keyType, subject(commonName),
                pair.getPublic(), notBefore, notAfter, Role.CA, List.of(), null);
        return new CertificateAuthority(cert, pair.getPrivate(), keyType, List.of());
    }

    /**
     * Re-creates an authority from its certificate and key (for {@code iotls pki} on an existing folder);
     * {@code issuingChain} is what follows a leaf it issues: itself and its parents, the root excluded.
     */
    public static CertificateAuthority load(X509Certificate certificate, PrivateKey key, List<X509Certificate> issuingChain) {
        KeyType type = switch (key.getAlgorithm()) {
            case "RSA" -> KeyType.RSA_2048;
            case "EC" -> ((java.security.interfaces.ECKey) key).getParams().getOrder().bitLength() > 256
                    ? KeyType.EC_P384 : KeyType.EC_P256;
            case "Ed25519", "EdDSA" -> KeyType.ED25519;
            default -> throw new IllegalArgumentException("unsupported CA key algorithm " + key.getAlgorithm());
        };
        return new CertificateAuthority(certificate, key, type, issuingChain);
    }

    /** An intermediate CA signed by this one. */
    public CertificateAuthority intermediate(String commonName, KeyType keyType) {
        Instant now = Instant.now();
        return intermediate(commonName, keyType, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1825)));
    }

    /** An intermediate CA signed by this one, valid from {@code notBefore} to {@code notAfter} (e.g. an expired one). */
    public CertificateAuthority intermediate(String commonName, KeyType keyType, Instant notBefore, Instant notAfter) {
        KeyPair pair = keyType.generate();
        X509Certificate cert = build(certificate.getSubjectX500Principal(), key, this.keyType, subject(commonName),
                pair.getPublic(), notBefore, notAfter, Role.CA, List.of(), certificate);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(issuingChain);
        return new CertificateAuthority(cert, pair.getPrivate(), keyType, chain);
    }

    /** Starts a leaf certificate for a server (serverAuth) or client (clientAuth). */
    public LeafRequest server(String commonName) {
        return new LeafRequest(this, commonName, Role.SERVER);
    }

    public LeafRequest client(String commonName) {
        return new LeafRequest(this, commonName, Role.CLIENT);
    }

    /** A self-signed leaf certificate, e.g. a device that authenticates without a CA. */
    public static Issued selfSigned(String commonName, KeyType keyType, List<String> names) {
        KeyPair pair = keyType.generate();
        Instant now = Instant.now();
        X509Certificate cert = build(subject(commonName), pair.getPrivate(), keyType, subject(commonName), pair.getPublic(),
                now.minus(Duration.ofHours(1)), now.plus(DEFAULT_VALIDITY), Role.SELF_SIGNED, names, null);
        return new Issued(cert, pair.getPrivate(), List.of());
    }

    /** Marks a certificate this CA issued as revoked from {@code when}. */
    public void revoke(X509Certificate issued, Instant when) {
        if (!issued.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            throw new IllegalArgumentException("certificate was not issued by " + certificate.getSubjectX500Principal());
        }
        revoked.put(issued.getSerialNumber(), when);
    }

    public void revoke(BigInteger serial, Instant when) {
        revoked.put(serial, when);
    }

    /** A CRL valid from an hour ago for {@code validity}. */
    public X509CRL crl(Duration validity) {
        Instant now = Instant.now();
        return crl(now.minus(Duration.ofHours(1)), now.plus(validity));
    }

    public X509CRL crl(Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate.getSubjectX500Principal(), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            revoked.forEach((serial, when) -> builder.addCRLEntry(serial, Date.from(when), CRLReason.keyCompromise));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.cRLNumber, false,
                    new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(System.currentTimeMillis())));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(key, keyType)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign CRL", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey key() {
        return key;
    }

    /** What follows a leaf this CA issues: this CA and its parents, nearest first, the root excluded. */
    public List<X509Certificate> issuingChain() {
        return issuingChain;
    }

    /** A device certificate (clientAuth) for a public key whose private key lives elsewhere, e.g. in a PKCS#11 token. */
    public X509Certificate clientCertificateFor(String commonName, PublicKey publicKey) {
        Instant now = Instant.now();
        return build(certificate.getSubjectX500Principal(), key, keyType, subject(commonName), publicKey,
                now.minus(Duration.ofHours(1)), now.plus(DEFAULT_VALIDITY), Role.CLIENT, List.of(), certificate);
    }

    Issued issue(LeafRequest r) {
        KeyPair pair = r.keyType.generate();
        X509Certificate cert = build(certificate.getSubjectX500Principal(), key, keyType, subject(r.commonName), pair.getPublic(),
                r.notBefore, r.notAfter, r.role, r.names, certificate);
        return new Issued(cert, pair.getPrivate(), issuingChain);
    }

    enum Role { CA, SERVER, CLIENT, SELF_SIGNED }

    /** Options of one leaf certificate; {@link #issue()} signs it. */
    public static final class LeafRequest {
        private final CertificateAuthority ca;
        private final String commonName;
        private final Role role;
        private KeyType keyType = KeyType.EC_P256;
        private List<String> names = List.of();
        private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        private Instant notAfter = Instant.now().plus(DEFAULT_VALIDITY);

        private LeafRequest(CertificateAuthority ca, String commonName, Role role) {
            this.ca = ca;
            this.commonName = commonName;
            this.role = role;
        }

        public LeafRequest keyType(KeyType type) {
            this.keyType = type;
            return this;
        }

        /** subjectAltName entries: DNS names and IP literals (IPv4 or IPv6). */
        public LeafRequest names(String... dnsNamesOrIps) {
            this.names = List.of(dnsNamesOrIps);
            return this;
        }

        public LeafRequest validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        public Issued issue() {
            return ca.issue(this);
        }
    }

    static X500Principal subject(String commonName) {
        return new X500Principal("CN=" + commonName + ", O=iotls test PKI");
    }

    private static X509Certificate build(X500Principal issuer, PrivateKey issuerKey, KeyType issuerType, X500Principal subject,
                                         PublicKey publicKey, Instant notBefore, Instant notAfter, Role role,
                                         List<String> names, X509Certificate issuerCert) {
        try {
            BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, publicKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
            }
            boolean rsa = publicKey.getAlgorithm().equals("RSA");
            switch (role) {
                case CA -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                }
                case SERVER -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | (rsa ? KeyUsage.keyEncipherment : 0)));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                }
                case CLIENT -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                }
                case SELF_SIGNED -> {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | KeyUsage.keyCertSign | (rsa ? KeyUsage.keyEncipherment : 0)));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
                }
            }
            if (!names.isEmpty()) {
                GeneralName[] altNames = names.stream().map(CertificateAuthority::generalName).toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(issuerKey, issuerType)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue certificate for " + subject, e);
        }
    }

    private static GeneralName generalName(String name) {
        boolean ip = name.matches("[0-9.]+") || name.contains(":");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    private static ContentSigner signer(PrivateKey key, KeyType type) throws Exception {
        return new JcaContentSignerBuilder(type.signatureAlgorithm()).build(key);
    }
}
