package io.iotls.transport.verify;

import io.iotls.transport.FailureReason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.ocsp.SingleResponse;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Checks an OCSP response (RFC 6960) for one certificate, as a broker staples it to its handshake: a successful basic
 * response, signed (with SHA-256 or better) by the certificate's issuer or by a responder the issuer delegated to
 * (id-kp-OCSPSigning, valid now), with an entry whose CertID names this certificate and issuer, current (thisUpdate
 * not in the future, nextUpdate not past; without nextUpdate at most {@link #MAX_AGE_WITHOUT_NEXT_UPDATE} old).
 * The answer says good, revoked or unknown; a response that breaks a rule is a {@link CertificateProblem}.
 */
public final class OcspResponseCheck {
    /** Clocks of devices and responders differ; RFC 6960 leaves the margin to the client. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** A response without nextUpdate says "newer information is always available"; this much age is still accepted. */
    static final Duration MAX_AGE_WITHOUT_NEXT_UPDATE = Duration.ofDays(4);
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

    /** What the responder says of the certificate. */
    public enum Status { GOOD, REVOKED, UNKNOWN }

    /**
     * A checked response.
     * @param signer who signed: "the issuer" or the delegated responder's subject
     * @param revocation when and why it was revoked, for {@link Status#REVOKED}
     */
    public record Answer(Status status, Instant producedAt, Instant thisUpdate, Optional<Instant> nextUpdate, String signer,
                         Optional<String> revocation) {
        /** One line for a trace: "good, produced ..., next update ...". */
        public String describe() {
            return status.name().toLowerCase() + revocation.map(r -> " (" + r + ")").orElse("") + ", produced " + producedAt
                    + ", next update " + nextUpdate.map(Instant::toString).orElse("none given") + ", signed by " + signer;
        }
    }

    private OcspResponseCheck() {}

    /** Checks {@code response} (DER) for {@code certificate}, issued by {@code issuer}, at {@code now}. */
    public static Answer check(byte[] response, X509Certificate certificate, X509Certificate issuer, Instant now)
            throws CertificateProblem {
        BasicOCSPResponse basic = basicResponse(response);
        var data = basic.getTbsResponseData();
        List<X509Certificate> included = includedCertificates(basic);
        X509Certificate signerCertificate = signer(data.getResponderID(), issuer, included, now);
        verifySignature(basic, signerCertificate.getPublicKey());
        SingleResponse entry = entryFor(data.getResponses(), certificate, issuer);
        Instant produced = time(data.getProducedAt());
        Instant thisUpdate = time(entry.getThisUpdate());
        Optional<Instant> nextUpdate = Optional.ofNullable(entry.getNextUpdate()).map(OcspResponseCheck::time);
        if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
            throw invalid("RFC 6960 3.2", "its thisUpdate " + thisUpdate + " is in the future");
        }
        if (nextUpdate.isPresent() && now.isAfter(nextUpdate.get().plus(CLOCK_SKEW))) {
            throw invalid("RFC 6960 3.2", "it is stale: its nextUpdate " + nextUpdate.get() + " has passed");
        }
        if (nextUpdate.isEmpty() && now.isAfter(thisUpdate.plus(MAX_AGE_WITHOUT_NEXT_UPDATE))) {
            throw invalid("RFC 6960 4.2.2.1", "it has no nextUpdate and was made " + thisUpdate + ", more than "
                    + MAX_AGE_WITHOUT_NEXT_UPDATE.toDays() + " days ago");
        }
        String signer = signerCertificate == issuer ? "the issuer" : "delegated responder '" + signerCertificate.getSubjectX500Principal().getName() + "'";
        var status = entry.getCertStatus();
        return switch (status.getTagNo()) {
            case 0 -> new Answer(Status.GOOD, produced, thisUpdate, nextUpdate, signer, Optional.empty());
            case 1 -> {
                RevokedInfo info = RevokedInfo.getInstance(status.getStatus());
                String why = "revoked " + time(info.getRevocationTime())
                        + (info.getRevocationReason() != null ? ", reason " + reasonName(info.getRevocationReason()) : "");
                yield new Answer(Status.REVOKED, produced, thisUpdate, nextUpdate, signer, Optional.of(why));
            }
            default -> new Answer(Status.UNKNOWN, produced, thisUpdate, nextUpdate, signer, Optional.empty());
        };
    }

    private static BasicOCSPResponse basicResponse(byte[] der) throws CertificateProblem {
        OCSPResponse response;
        try {
            response = OCSPResponse.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw invalid("RFC 6960 4.2.1", "it is not DER of an OCSPResponse");
        }
        int status = response.getResponseStatus().getIntValue();
        if (status != OCSPResponseStatus.SUCCESSFUL) {
            throw invalid("RFC 6960 4.2.1", "its status is " + responseStatusName(status) + ", not successful");
        }
        if (response.getResponseBytes() == null || !OCSPObjectIdentifiers.id_pkix_ocsp_basic.equals(response.getResponseBytes().getResponseType())) {
            throw invalid("RFC 6960 4.2.1", "it is not a basic OCSP response");
        }
        try {
            return BasicOCSPResponse.getInstance(ASN1Primitive.fromByteArray(response.getResponseBytes().getResponse().getOctets()));
        } catch (IOException | RuntimeException e) {
            throw invalid("RFC 6960 4.2.1", "its BasicOCSPResponse does not parse");
        }
    }

    private static List<X509Certificate> includedCertificates(BasicOCSPResponse basic) throws CertificateProblem {
        if (basic.getCerts() == null) return List.of();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            java.util.ArrayList<X509Certificate> certificates = new java.util.ArrayList<>();
            for (ASN1Encodable c : basic.getCerts()) {
                certificates.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(c.toASN1Primitive().getEncoded())));
            }
            return certificates;
        } catch (CertificateException | IOException e) {
            throw invalid("RFC 6960 4.2.1", "a certificate it includes does not parse");
        }
    }

    /** The issuer, when the ResponderID names it; else an included certificate the issuer delegated OCSP signing to. */
    private static X509Certificate signer(ResponderID id, X509Certificate issuer, List<X509Certificate> included, Instant now)
            throws CertificateProblem {
        if (names(id, issuer)) return issuer;
        for (X509Certificate c : included) {
            if (!names(id, c)) continue;
            try {
                c.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw invalid("RFC 6960 4.2.2.2", "its signer '" + c.getSubjectX500Principal().getName()
                        + "' is not a responder the certificate's issuer delegated to (not signed by the issuer)");
            }
            try {
                if (c.getExtendedKeyUsage() == null || !c.getExtendedKeyUsage().contains(OCSP_SIGNING)) {
                    throw invalid("RFC 6960 4.2.2.2", "its signer '" + c.getSubjectX500Principal().getName()
                            + "' lacks the extended key usage id-kp-OCSPSigning");
                }
            } catch (java.security.cert.CertificateParsingException e) {
                throw invalid("RFC 6960 4.2.2.2", "its signer's extended key usage does not parse");
            }
            if (now.isBefore(c.getNotBefore().toInstant()) || now.isAfter(c.getNotAfter().toInstant())) {
                throw invalid("RFC 6960 4.2.2.2", "its delegated responder's certificate is not valid now");
            }
            return c;
        }
        throw invalid("RFC 6960 4.2.2.2", "it is signed neither by the certificate's issuer '"
                + issuer.getSubjectX500Principal().getName() + "' nor by a responder the issuer delegated to");
    }

    private static boolean names(ResponderID id, X509Certificate c) {
        if (id.getName() != null) {
            try {
                return new X500Principal(id.getName().getEncoded()).equals(c.getSubjectX500Principal());
            } catch (IOException e) {
                return false;
            }
        }
        return Arrays.equals(id.getKeyHash(), keyHash(c.getPublicKey(), "SHA-1"));
    }

    private static void verifySignature(BasicOCSPResponse basic, PublicKey key) throws CertificateProblem {
        String oid = basic.getSignatureAlgorithm().getAlgorithm().getId();
        String algorithm = switch (oid) {
            case "1.2.840.113549.1.1.11" -> "SHA256withRSA";
            case "1.2.840.113549.1.1.12" -> "SHA384withRSA";
            case "1.2.840.113549.1.1.13" -> "SHA512withRSA";
            case "1.2.840.10045.4.3.2" -> "SHA256withECDSA";
            case "1.2.840.10045.4.3.3" -> "SHA384withECDSA";
            case "1.2.840.10045.4.3.4" -> "SHA512withECDSA";
            case "1.3.101.112" -> "Ed25519";
            case "1.2.840.113549.1.1.5", "1.2.840.10045.4.1" -> throw new CertificateProblem(FailureReason.OCSP_INVALID,
                    "the stapled OCSP response is signed with SHA-1 (rule: CA/B Forum BR 7.1.3.2)",
                    "have the responder sign with SHA-256 or better (openssl ocsp -rmd sha256)", null);
            default -> throw invalid("RFC 6960 4.2.1", "it is signed with an algorithm iotls does not accept (" + oid + ")");
        };
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(basic.getTbsResponseData().getEncoded("DER"));
            if (!s.verify(basic.getSignature().getOctets())) throw invalid("RFC 6960 4.2.2.1", "its signature does not verify");
        } catch (GeneralSecurityException | IOException e) {
            throw invalid("RFC 6960 4.2.2.1", "its signature does not verify (" + e.getMessage() + ")");
        }
    }

    private static SingleResponse entryFor(ASN1Sequence responses, X509Certificate certificate, X509Certificate issuer)
            throws CertificateProblem {
        BigInteger serial = certificate.getSerialNumber();
        for (ASN1Encodable e : responses) {
            SingleResponse r = SingleResponse.getInstance(e);
            CertID id = r.getCertID();
            if (!id.getSerialNumber().getValue().equals(serial)) continue;
            String hash = switch (id.getHashAlgorithm().getAlgorithm().getId()) {
                case "1.3.14.3.2.26" -> "SHA-1";
                case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
                case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
                case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
                default -> null;
            };
            if (hash == null) continue;
            byte[] nameHash = digest(hash, issuer.getSubjectX500Principal().getEncoded());
            if (Arrays.equals(nameHash, id.getIssuerNameHash().getOctets())
                    && Arrays.equals(keyHash(issuer.getPublicKey(), hash), id.getIssuerKeyHash().getOctets())) {
                return r;
            }
        }
        throw invalid("RFC 6960 4.1.1", "it has no entry for this certificate (serial " + serial.toString(16)
                + " of issuer '" + issuer.getSubjectX500Principal().getName() + "')");
    }

    /** The hash of the subjectPublicKey BIT STRING's value, as CertID and ResponderID byKey use it. */
    private static byte[] keyHash(PublicKey key, String hash) {
        byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
        return digest(hash, bits);
    }

    private static byte[] digest(String hash, byte[] data) {
        try {
            return MessageDigest.getInstance(hash).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash + " is part of every JDK", e);
        }
    }

    private static Instant time(ASN1GeneralizedTime t) {
        try {
            return t.getDate().toInstant();
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("unreadable time in an OCSP response", e);
        }
    }

    private static String reasonName(CRLReason reason) {
        String[] names = {"unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
                "cessationOfOperation", "certificateHold", "unused", "removeFromCRL", "privilegeWithdrawn", "aACompromise"};
        int v = reason.getValue().intValue();
        return v >= 0 && v < names.length ? names[v] : String.valueOf(v);
    }

    private static String responseStatusName(int status) {
        return switch (status) {
            case 1 -> "malformedRequest";
            case 2 -> "internalError";
            case 3 -> "tryLater";
            case 5 -> "sigRequired";
            case 6 -> "unauthorized";
            default -> String.valueOf(status);
        };
    }

    private static CertificateProblem invalid(String rule, String what) {
        return new CertificateProblem(FailureReason.OCSP_INVALID, "the stapled OCSP response cannot be used: " + what
                + " (rule: " + rule + ")", null, null);
    }
}
