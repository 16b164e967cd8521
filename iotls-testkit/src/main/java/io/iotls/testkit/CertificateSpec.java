package io.iotls.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate made field by field, for tests of the verifier's rules: starts as a well-formed CA or end-entity
 * certificate and lets a test break exactly one thing (drop or replace an extension, a serial, a key, the dates, the
 * signature algorithm). {@link CertificateAuthority} makes the ordinary ones.
 */
public final class CertificateSpec {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and its private key. */
    public record Made(X509Certificate certificate, PrivateKey key) {}

    private final X500Principal subject;
    private final Map<ASN1ObjectIdentifier, Extension> extensions = new LinkedHashMap<>();
    private final List<ASN1ObjectIdentifier> removed = new ArrayList<>();
    private BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
    private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
    private KeyPair keyPair;
    private String signatureAlgorithm;

    private CertificateSpec(String subjectDn) {
        this.subject = new X500Principal(subjectDn);
    }

    /** A CA: basicConstraints cA (critical), keyUsage keyCertSign + cRLSign (critical), key identifiers. */
    public static CertificateSpec ca(String commonName) {
        return new CertificateSpec("CN=" + commonName + ", O=iotls rule tests")
                .with(Extension.basicConstraints, true, new BasicConstraints(true))
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }

    /** A broker's certificate: keyUsage digitalSignature, extendedKeyUsage serverAuth, subjectAltName dNSName {@code name}. */
    public static CertificateSpec server(String name) {
        return new CertificateSpec("CN=" + name + ", O=iotls rule tests")
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .with(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .names(name);
    }

    /** A device's certificate: keyUsage digitalSignature, extendedKeyUsage clientAuth, no subjectAltName. */
    public static CertificateSpec client(String commonName) {
        return new CertificateSpec("CN=" + commonName + ", O=iotls rule tests")
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .with(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    }

    /** Adds or replaces an extension. */
    public CertificateSpec with(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            extensions.put(oid, new Extension(oid, critical, new DEROctetString(value.toASN1Primitive().getEncoded())));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        removed.remove(oid);
        return this;
    }

    /** Leaves an extension out (the key identifiers too, which are otherwise added). */
    public CertificateSpec without(ASN1ObjectIdentifier oid) {
        extensions.remove(oid);
        removed.add(oid);
        return this;
    }

    /** subjectAltName entries: DNS names, or IP literals. */
    public CertificateSpec names(String... dnsNamesOrIps) {
        GeneralName[] names = new GeneralName[dnsNamesOrIps.length];
        for (int i = 0; i < names.length; i++) {
            String n = dnsNamesOrIps[i];
            boolean ip = n.matches("[0-9.]+") || n.contains(":");
            names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n);
        }
        return with(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }

    public CertificateSpec serial(BigInteger value) {
        this.serial = value;
        return this;
    }

    public CertificateSpec validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    public CertificateSpec key(KeyType type) {
        this.keyPair = type.generate();
        return this;
    }

    /** The same key pair as {@code other}: another certificate of the same CA (a cross-certificate, a renewal). */
    public CertificateSpec sameKeyAs(Made other) {
        this.keyPair = new KeyPair(other.certificate().getPublicKey(), other.key());
        return this;
    }

    /** A key of any JDK algorithm and size, e.g. ("RSA", 1024) or ("DSA", 2048). */
    public CertificateSpec key(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(bits);
            this.keyPair = g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot make a " + algorithm + " key of " + bits + " bits", e);
        }
        return this;
    }

    /** The issuer's signature algorithm (JCA name); default SHA-256 with the issuer's key type. */
    public CertificateSpec signatureAlgorithm(String name) {
        this.signatureAlgorithm = name;
        return this;
    }

    /** Signed by its own key. */
    public Made selfSigned() {
        KeyPair pair = keyPair();
        return build(subject, pair.getPrivate(), null, pair);
    }

    /** Signed by {@code issuer}. */
    public Made issuedBy(Made issuer) {
        return build(issuer.certificate().getSubjectX500Principal(), issuer.key(), issuer.certificate(), keyPair());
    }

    private KeyPair keyPair() {
        if (keyPair == null) keyPair = KeyType.EC_P256.generate();
        return keyPair;
    }

    private Made build(X500Principal issuerName, PrivateKey issuerKey, X509Certificate issuerCertificate, KeyPair pair) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(notBefore), Date.from(notAfter),
                    subject, pair.getPublic());
            JcaX509ExtensionUtils util = new JcaX509ExtensionUtils();
            if (!removed.contains(Extension.subjectKeyIdentifier) && !extensions.containsKey(Extension.subjectKeyIdentifier)) {
                b.addExtension(Extension.subjectKeyIdentifier, false, util.createSubjectKeyIdentifier(pair.getPublic()));
            }
            if (!removed.contains(Extension.authorityKeyIdentifier) && !extensions.containsKey(Extension.authorityKeyIdentifier)
                    && issuerCertificate != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        util.createAuthorityKeyIdentifier(issuerCertificate.getPublicKey()));
            }
            for (Extension e : extensions.values()) b.addExtension(e);
            String algorithm = signatureAlgorithm != null ? signatureAlgorithm : switch (issuerKey.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "DSA" -> "SHA256withDSA";
                default -> "Ed25519";
            };
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
            return new Made(cert, pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make certificate " + subject, e);
        }
    }
}
