package io.iotls.transport.internal.material;

import io.iotls.transport.verify.HostnameCheck;
import io.iotls.transport.verify.NamedCrl;
import io.iotls.transport.verify.CrlCheck;
import io.iotls.transport.verify.CertificatePurpose;
import io.iotls.transport.verify.CertificateVerifier;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.CertificateSource;
import io.iotls.transport.CrlScope;
import io.iotls.transport.FailureReason;
import io.iotls.transport.PskKey;
import io.iotls.transport.SetupFinding;
import io.iotls.transport.SetupRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks behind {@link io.iotls.transport.SetupCheck}, one method each, in the order a user fixes things: files
 * readable and keys matching first, then the chain, dates, purpose and strength, then names, CRLs, PSK and
 * permissions. A check whose input is missing or unreadable is skipped (the earlier finding says why).
 */
public final class SetupDoctor {
    /** A certificate that ends within this is a warning. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;
    static final int MIN_PSK_BYTES = 16;

    /** What to check: the files and values of {@link io.iotls.transport.SetupCheck}'s builder. */
    public record Inputs(SetupRole role, Optional<Path> caFile, Optional<CertificateSource> certificate, List<Path> crlFiles,
                         Optional<String> pskIdentity, Optional<String> pskHex, Optional<String> serverName,
                         Optional<String> brokerUser, Clock clock) {
        public Inputs {
            crlFiles = List.copyOf(crlFiles);
        }

        @Override
        public String toString() { // the PSK stays out of any print
            return "SetupDoctor.Inputs[" + role + ", ca " + caFile + ", " + certificate + ", CRLs " + crlFiles + ", psk "
                    + pskIdentity.map(id -> "'" + id + "' [redacted]").orElse("none") + "]";
        }
    }

    private final SetupRole role;
    private final Optional<Path> caFile;
    private final Optional<CertificateSource> certificate;
    private final List<Path> crlFiles;
    private final Optional<String> pskIdentity;
    private final Optional<String> pskHex;
    private final Optional<String> serverName;
    private final Optional<String> brokerUser;
    private final Instant now;
    private final List<SetupFinding> findings = new ArrayList<>();

    public SetupDoctor(Inputs in) {
        this.role = in.role();
        this.caFile = in.caFile();
        this.certificate = in.certificate();
        this.crlFiles = in.crlFiles();
        this.pskIdentity = in.pskIdentity();
        this.pskHex = in.pskHex();
        this.serverName = in.serverName();
        this.brokerUser = in.brokerUser();
        this.now = in.clock().instant();
    }

    public List<SetupFinding> run() {
        List<X509Certificate> anchors = caFile.flatMap(this::caFileChecked).orElse(null);
        // the certificate's own checks run even when its key does not fit: the user may have more than one thing to fix
        List<X509Certificate> chain = certificate.flatMap(this::identityChecked).map(Identity::chain)
                .or(() -> certificate.flatMap(SetupDoctor::certificatesAlone)).orElse(null);
        if (chain != null) {
            X509Certificate leaf = chain.get(0);
            chainOrder(chain);
            validity(chain);
            List<X509Certificate> path = anchors == null ? null : path(chain, anchors);
            purpose(leaf);
            keyStrength(leaf);
            signatures(chain);
            serverName.ifPresent(name -> serverName(leaf, name));
            if (!crlFiles.isEmpty()) crls(path, anchors);
        } else if (!crlFiles.isEmpty()) {
            crls(null, anchors);
        }
        if (pskIdentity.isPresent() || pskHex.isPresent()) psk();
        permissions();
        if (findings.isEmpty()) {
            findings.add(SetupFinding.problem("files", "nothing to check", "give --cafile, --cert with --key, --crlfile or --psk"));
        }
        return List.copyOf(findings);
    }

    // ---------------------------------------------------------------- files

    private Optional<List<X509Certificate>> caFileChecked(Path file) {
        List<X509Certificate> certs;
        try {
            certs = PemMaterial.readCertificates(file);
        } catch (CertificateProblem p) {
            findings.add(SetupFinding.problem("ca-file", p.getMessage(), "give a PEM or DER file of CA certificates"));
            return Optional.empty();
        }
        List<String> notCa = certs.stream().filter(c -> c.getBasicConstraints() < 0 && !selfSigned(c)).map(SetupDoctor::name).toList();
        List<String> expired = certs.stream().filter(c -> c.getNotAfter().toInstant().isBefore(now))
                .map(c -> name(c) + " (expired " + day(c.getNotAfter().toInstant()) + ")").toList();
        if (!notCa.isEmpty()) {
            findings.add(SetupFinding.warning("ca-file", file + " holds " + String.join(", ", notCa) + ", which is no CA certificate",
                    "a CA file holds the certificates of the CAs that sign the peer's certificate, not the peer's own"));
        } else if (!expired.isEmpty()) {
            findings.add(SetupFinding.warning("ca-file", file + " holds " + String.join(", ", expired),
                    "replace it with the CA's current certificate: many peers refuse a chain that ends at an expired root"));
        } else {
            findings.add(SetupFinding.ok("ca-file", file + ": " + certs.size() + " CA certificate" + (certs.size() == 1 ? "" : "s") + " ("
                    + String.join(", ", certs.stream().map(SetupDoctor::name).toList()) + ")"));
        }
        return Optional.of(certs);
    }

    private Optional<Identity> identityChecked(CertificateSource source) {
        String files = source.isPkcs12() ? source.pkcs12File().toString() : source.certificateFile() + " and " + source.keyFile();
        try {
            Identity identity = Identity.load(source);
            findings.add(SetupFinding.ok("key-match", "the private key " + (source.isPkcs12() ? "in " + files
                    : source.keyFile() + " belongs to " + source.certificateFile())));
            return Optional.of(identity);
        } catch (CertificateProblem p) {
            String fix = switch (p.reason()) {
                case KEY_CERTIFICATE_MISMATCH -> "use the key that was generated with this certificate's request";
                case BAD_KEY_PASSWORD -> "give the key's password (--keypass-env VAR) or decrypt the key";
                default -> p.hint() != null ? p.hint() : p.reason().defaultHint();
            };
            findings.add(SetupFinding.problem("key-match", p.getMessage(), fix));
            return Optional.empty();
        }
    }

    /** The certificate file read without its key (whose problem {@link #identityChecked} reported). */
    private static Optional<List<X509Certificate>> certificatesAlone(CertificateSource source) {
        if (source.isPkcs12()) return Optional.empty();
        try {
            List<X509Certificate> certs = PemMaterial.readCertificates(source.certificateFile());
            return certs.isEmpty() ? Optional.empty() : Optional.of(certs);
        } catch (CertificateProblem p) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- chain

    private void chainOrder(List<X509Certificate> chain) {
        Path file = certificate.get().isPkcs12() ? certificate.get().pkcs12File() : certificate.get().certificateFile();
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate child = chain.get(i);
            X509Certificate parent = chain.get(i + 1);
            if (!issued(parent, child)) {
                findings.add(SetupFinding.problem("chain-order", "in " + file + ", certificate " + (i + 2) + " (" + name(parent)
                        + ") did not issue certificate " + (i + 1) + " (" + name(child) + ")",
                        "list the leaf first, then the CA that issued it, then that CA's issuer (" + orderHint(chain) + ")"));
                return;
            }
        }
        findings.add(SetupFinding.ok("chain-order", file + ": " + (chain.size() == 1 ? "the certificate alone"
                : String.join(" <- ", chain.stream().map(SetupDoctor::name).toList()))));
    }

    /** The chain's certificates in the order that works, if they form one. */
    private static String orderHint(List<X509Certificate> chain) {
        List<X509Certificate> rest = new ArrayList<>(chain);
        X509Certificate leaf = rest.stream().filter(c -> rest.stream().noneMatch(o -> o != c && issued(c, o))).findFirst().orElse(chain.get(0));
        List<String> ordered = new ArrayList<>();
        X509Certificate at = leaf;
        while (at != null && rest.remove(at)) {
            ordered.add(name(at));
            X509Certificate child = at;
            at = rest.stream().filter(c -> issued(c, child)).findFirst().orElse(null);
        }
        return rest.isEmpty() ? "here: " + String.join(", ", ordered) : "these certificates do not form one chain";
    }

    /** The path to the CA file's certificates, dates aside (they are {@link #validity}'s finding). */
    private List<X509Certificate> path(List<X509Certificate> chain, List<X509Certificate> anchors) {
        Instant at = withinValidity(chain, anchors);
        CertificateVerifier verifier = CertificateVerifier.builder().trustAnchors(anchors).trustDescription(caFile.get().toString())
                .purpose(purposeOfRole()).build();
        try {
            List<X509Certificate> path = verifier.verify(chain, at).certificates();
            findings.add(SetupFinding.ok("chain", "verified up to " + name(path.get(path.size() - 1)) + " in " + caFile.get()));
            return path;
        } catch (CertificateProblem p) {
            if (p.reason() == FailureReason.CERTIFICATE_EXPIRED || p.reason() == FailureReason.CERTIFICATE_NOT_YET_VALID) {
                findings.add(SetupFinding.problem("chain", p.getMessage(), "renew that CA certificate, or reissue under a current one"));
                return null;
            }
            X509Certificate top = chain.get(chain.size() - 1);
            String issuer = top.getIssuerX500Principal().getName();
            boolean sameName = anchors.stream().anyMatch(a -> a.getSubjectX500Principal().equals(top.getIssuerX500Principal()));
            String fix = sameName ? caFile.get() + " has a certificate named " + issuer + ", but its key did not sign "
                    + name(top) + ": the CA was re-created; use the CA certificate that issued it"
                    : role == SetupRole.DEVICE
                    ? "the broker must trust " + issuer + ": put its certificate in the broker's CA file (and in " + caFile.get()
                            + " if the same CA signs the broker), or add the missing intermediate to the certificate file"
                    : "put " + issuer + "'s certificate in " + caFile.get() + " or the missing intermediate in the certificate file";
            findings.add(sameName || role == SetupRole.BROKER ? SetupFinding.problem("chain", p.getMessage(), fix)
                    : SetupFinding.warning("chain", name(top) + " was issued by " + issuer + ", which is not in "
                            + caFile.get(), fix));
            return null;
        }
    }

    /**
     * Now, or the nearest moment the leaf and its possible issuers (the certificates given and the CAs of their issuers'
     * names) were all valid, so the chain is judged with dates aside; the leaf's own validity when there is none.
     */
    private Instant withinValidity(List<X509Certificate> chain, List<X509Certificate> anchors) {
        X509Certificate leaf = chain.get(0);
        Instant from = leaf.getNotBefore().toInstant();
        Instant to = leaf.getNotAfter().toInstant();
        Instant sharedFrom = from;
        Instant sharedTo = to;
        for (X509Certificate c : anchors) {
            if (chain.stream().noneMatch(x -> x.getIssuerX500Principal().equals(c.getSubjectX500Principal()))) continue;
            if (c.getNotBefore().toInstant().isAfter(sharedFrom)) sharedFrom = c.getNotBefore().toInstant();
            if (c.getNotAfter().toInstant().isBefore(sharedTo)) sharedTo = c.getNotAfter().toInstant();
        }
        for (X509Certificate c : chain) {
            if (c.getNotBefore().toInstant().isAfter(sharedFrom)) sharedFrom = c.getNotBefore().toInstant();
            if (c.getNotAfter().toInstant().isBefore(sharedTo)) sharedTo = c.getNotAfter().toInstant();
        }
        if (sharedFrom.isBefore(sharedTo)) {
            from = sharedFrom;
            to = sharedTo;
        }
        if (now.isAfter(to)) return to.minusSeconds(1);
        if (now.isBefore(from)) return from.plusSeconds(1);
        return now;
    }

    private void validity(List<X509Certificate> chain) {
        X509Certificate leaf = chain.get(0);
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        String name = name(leaf);
        if (now.isBefore(notBefore)) {
            findings.add(SetupFinding.problem("validity", name + " is not valid before " + notBefore,
                    "check this machine's clock, or wait: the certificate was dated ahead"));
        } else if (now.isAfter(notAfter)) {
            findings.add(SetupFinding.problem("validity", name + " expired on " + notAfter + " (" + days(Duration.between(notAfter, now)) + " ago)",
                    "renew it: the peer refuses an expired certificate"));
        } else if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            findings.add(SetupFinding.warning("validity", name + " expires on " + notAfter + ", in " + days(Duration.between(now, notAfter)),
                    "renew it before then"));
        } else {
            findings.add(SetupFinding.ok("validity", name + " is valid until " + day(notAfter) + " (" + days(Duration.between(now, notAfter)) + ")"));
        }
        for (X509Certificate c : chain.subList(1, chain.size())) {
            if (now.isAfter(c.getNotAfter().toInstant())) {
                findings.add(SetupFinding.problem("validity", "the intermediate " + name(c) + " in the certificate file expired on "
                        + c.getNotAfter().toInstant(), "replace it with the CA's current intermediate certificate"));
            }
        }
    }

    private void purpose(X509Certificate leaf) {
        CertificatePurpose purpose = purposeOfRole();
        try {
            CertificateVerifier.checkLeafPurpose(leaf, purpose);
            findings.add(SetupFinding.ok("purpose", name(leaf) + " may identify " + purpose.role()));
        } catch (CertificateProblem p) {
            findings.add(SetupFinding.problem("purpose", p.getMessage(), p.hint() != null ? p.hint() : p.reason().defaultHint()));
        }
    }

    private CertificatePurpose purposeOfRole() {
        return role == SetupRole.DEVICE ? CertificatePurpose.CLIENT_AUTH : CertificatePurpose.SERVER_AUTH;
    }

    private static String name(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "'";
    }

    private void keyStrength(X509Certificate leaf) {
        PublicKey key = leaf.getPublicKey();
        String name = name(leaf);
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            findings.add(bits < MIN_RSA_BITS
                    ? SetupFinding.problem("key-strength", name + " has an RSA key of " + bits + " bits",
                            "generate a new key of at least " + MIN_RSA_BITS + " bits (or EC P-256) and reissue the certificate")
                    : SetupFinding.ok("key-strength", "RSA " + bits + " bits"));
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            findings.add(bits < MIN_EC_BITS
                    ? SetupFinding.problem("key-strength", name + " has an EC key of " + bits + " bits",
                            "generate a P-256 or P-384 key and reissue the certificate")
                    : SetupFinding.ok("key-strength", "EC " + bits + " bits"));
        } else {
            findings.add(SetupFinding.ok("key-strength", key.getAlgorithm()));
        }
    }

    /** A signature made with SHA-1 or MD5 can be forged; a trust anchor's own self-signature does not count. */
    private void signatures(List<X509Certificate> chain) {
        for (X509Certificate c : chain) {
            String algorithm = c.getSigAlgName().toUpperCase(Locale.ROOT);
            if ((algorithm.contains("SHA1") || algorithm.contains("MD5")) && !selfSigned(c)) {
                findings.add(SetupFinding.problem("signature", name(c) + " is signed with " + c.getSigAlgName(),
                        "reissue it with SHA-256 or better: TLS peers refuse SHA-1 and MD5 signatures"));
                return;
            }
        }
        findings.add(SetupFinding.ok("signature", "signed with " + chain.get(0).getSigAlgName()));
    }

    private void serverName(X509Certificate leaf, String name) {
        try {
            HostnameCheck.verify(leaf, name);
            findings.add(SetupFinding.ok("server-name", name(leaf) + " carries " + name + " in its subjectAltName"));
        } catch (CertificateProblem p) {
            findings.add(role == SetupRole.BROKER
                    ? SetupFinding.problem("server-name", p.getMessage(), "reissue it with subjectAltName "
                            + (name.matches("[0-9.]+|.*:.*") ? "IP:" : "DNS:") + name + ", and every other name devices use")
                    : SetupFinding.problem("server-name", p.getMessage(), "connect with the name in the certificate, or reissue it"));
        }
    }

    // ---------------------------------------------------------------- CRLs, PSK, permissions

    private void crls(List<X509Certificate> path, List<X509Certificate> anchors) {
        List<NamedCrl> crls = new ArrayList<>();
        for (Path file : crlFiles) {
            try {
                crls.addAll(PemMaterial.readCrls(file, false));
            } catch (CertificateProblem p) {
                findings.add(SetupFinding.problem("crl", p.getMessage(), "give a PEM or DER CRL file"));
                return;
            }
        }
        if (path == null) {
            if (anchors == null) {
                findings.add(SetupFinding.warning("crl", crls.size() + " CRL(s) read; their signatures are not checked without --cafile",
                        "give the CA file of the CA that signs them"));
                return;
            }
            for (NamedCrl crl : crls) crlAlone(crl, anchors);
            return;
        }
        try {
            List<String> notes = new CrlCheck(crls, CrlScope.CHAIN, false, false).check(path, now);
            List<String> warnings = notes.stream().filter(n -> n.startsWith("WARNING: ")).map(n -> n.substring(9)).toList();
            findings.add(warnings.isEmpty()
                    ? SetupFinding.ok("crl", crls.size() + " CRL(s), signed by their CA and current")
                    : SetupFinding.warning("crl", String.join("; ", warnings), "give a current CRL of every CA in the chain"));
            findings.add(SetupFinding.ok("revocation", name(path.get(0)) + " is not revoked"));
        } catch (CertificateProblem p) {
            if (p.reason() == FailureReason.CERTIFICATE_REVOKED) {
                findings.add(SetupFinding.ok("crl", crls.size() + " CRL(s), signed by their CA and current"));
                findings.add(SetupFinding.problem("revocation", p.getMessage(), "the CA revoked it: get a new certificate issued"));
            } else {
                findings.add(SetupFinding.problem("crl", p.getMessage(), p.reason() == FailureReason.CRL_EXPIRED
                        ? "fetch the CA's current CRL (the peer refuses every handshake with a stale one)" : "use the CRL the CA published"));
            }
        }
    }

    /** Without a certificate to check: is the CRL signed by a CA in the CA file, and current? */
    private void crlAlone(NamedCrl named, List<X509Certificate> anchors) {
        var issuer = anchors.stream().filter(a -> a.getSubjectX500Principal().equals(named.crl().getIssuerX500Principal())).findFirst();
        if (issuer.isEmpty()) {
            findings.add(SetupFinding.warning("crl", "the " + named.describe() + " was issued by a CA that is not in " + caFile.get(),
                    "give the CRL of the CA that issues the peers' certificates"));
            return;
        }
        try {
            new CrlCheck(List.of(named), CrlScope.CHAIN, false, false).check(List.of(issuer.get()), now);
            findings.add(SetupFinding.ok("crl", "the " + named.describe() + " is signed by its CA and current"));
        } catch (CertificateProblem p) {
            if (p.reason() == FailureReason.CERTIFICATE_REVOKED) {
                findings.add(SetupFinding.ok("crl", "the " + named.describe() + " is signed by its CA and current"));
            } else {
                findings.add(SetupFinding.problem("crl", p.getMessage(), "use the CA's current CRL"));
            }
        }
    }

    private void psk() {
        if (pskIdentity.isEmpty() || pskIdentity.get().isEmpty()) {
            findings.add(SetupFinding.problem("psk", "a PSK without an identity", "give --psk-identity: the broker finds the key by it"));
            return;
        }
        if (pskHex.isEmpty()) {
            findings.add(SetupFinding.problem("psk", "identity '" + pskIdentity.get() + "' without a key", "give --psk with the key in hex"));
            return;
        }
        String hex = pskHex.get();
        int bytes;
        try {
            byte[] key = PskKey.ofHex(hex).bytes();
            bytes = key.length;
            java.util.Arrays.fill(key, (byte) 0);
        } catch (IllegalArgumentException e) {
            findings.add(SetupFinding.problem("psk", "the key of identity '" + pskIdentity.get() + "': " + e.getMessage(),
                    "give the key as hex digits, two per byte, as in mosquitto's psk_file"));
            return;
        }
        findings.add(bytes < MIN_PSK_BYTES
                ? SetupFinding.warning("psk", "the key of identity '" + pskIdentity.get() + "' has " + bytes + " bytes (" + bytes * 8 + " bits)",
                        "use at least " + MIN_PSK_BYTES + " random bytes: openssl rand -hex 32")
                : SetupFinding.ok("psk", "identity '" + pskIdentity.get() + "', key of " + bytes + " bytes"));
    }

    private void permissions() {
        List<Path> all = new ArrayList<>();
        caFile.ifPresent(all::add);
        certificate.ifPresent(s -> {
            if (s.isPkcs12()) all.add(s.pkcs12File());
            else {
                all.add(s.certificateFile());
                all.add(s.keyFile());
            }
        });
        all.addAll(crlFiles);
        Optional<Path> keyFile = certificate.map(s -> s.isPkcs12() ? s.pkcs12File() : s.keyFile());
        boolean any = false;
        if (keyFile.isPresent()) {
            Optional<PosixFileAttributes> a = posix(keyFile.get());
            if (a.isPresent() && a.get().permissions().contains(PosixFilePermission.OTHERS_READ)) {
                findings.add(SetupFinding.problem("permissions", "every user of this machine can read the private key " + keyFile.get(),
                        "chmod 600 " + keyFile.get() + (role == SetupRole.BROKER ? " (or 640 with the broker's group)" : "")));
                any = true;
            }
        }
        if (brokerUser.isPresent()) {
            Optional<UserPrincipal> user = lookup(brokerUser.get());
            if (user.isEmpty()) {
                findings.add(SetupFinding.warning("permissions", "no user '" + brokerUser.get() + "' on this machine: whether the broker can "
                        + "read its files is not checked", null));
                return;
            }
            for (Path f : all) {
                Optional<PosixFileAttributes> a = posix(f);
                if (a.isPresent() && !readableBy(a.get(), user.get(), brokerUser.get())) {
                    findings.add(SetupFinding.problem("permissions", "user " + brokerUser.get() + " cannot read " + f + " (owner "
                            + a.get().owner().getName() + ", " + java.nio.file.attribute.PosixFilePermissions.toString(a.get().permissions())
                            + "): the broker drops to that user and then fails with \"Permission denied\"",
                            "chgrp " + brokerUser.get() + " " + f + " && chmod 640 " + f));
                    any = true;
                }
            }
        }
        if (!any) findings.add(SetupFinding.ok("permissions", brokerUser.map(u -> "user " + u + " can read every file; ").orElse("")
                + keyFile.map(k -> "the key is not readable by every user").orElse("no private key")));
    }

    private static boolean readableBy(PosixFileAttributes a, UserPrincipal user, String userName) {
        Set<PosixFilePermission> p = a.permissions();
        if (a.owner().equals(user) || a.owner().getName().equals(userName)) return p.contains(PosixFilePermission.OWNER_READ);
        if (p.contains(PosixFilePermission.OTHERS_READ)) return true;
        GroupPrincipal group = a.group();
        return p.contains(PosixFilePermission.GROUP_READ) && group.getName().equals(userName); // Debian: the user's own group
    }

    private static Optional<PosixFileAttributes> posix(Path file) {
        try {
            return Optional.of(Files.readAttributes(file, PosixFileAttributes.class));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Optional<UserPrincipal> lookup(String user) {
        try {
            return Optional.of(java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean issued(X509Certificate issuer, X509Certificate child) {
        if (!issuer.getSubjectX500Principal().equals(child.getIssuerX500Principal())) return false;
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean selfSigned(X509Certificate c) {
        return issued(c, c);
    }

    private static String day(Instant t) {
        return t.toString().substring(0, 10);
    }

    private static String days(Duration d) {
        long days = d.toDays();
        return days == 1 ? "1 day" : days + " days";
    }
}
