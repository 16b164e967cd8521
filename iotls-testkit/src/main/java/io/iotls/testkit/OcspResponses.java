package io.iotls.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * OCSP responses (RFC 6960) for a test PKI, DER files for {@code openssl s_server -status_file}. Made by
 * {@code openssl ocsp} as a responder answering a request, from an index of the CA's certificates as {@code openssl ca}
 * keeps it; only a response that is already past its nextUpdate is built with Bouncy Castle, as openssl cannot
 * backdate one.
 */
public final class OcspResponses {
    /** What the responder says of the certificate. */
    public enum Status { GOOD, REVOKED, UNKNOWN }

    private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private OcspResponses() {}

    /**
     * {@code openssl ocsp} answers for {@code leaf}, signed by {@code signerCert}/{@code signerKey} (the issuer itself,
     * or a delegated responder), valid for {@code days} from now.
     */
    public static Path openssl(Path issuerCert, Path signerCert, Path signerKey, X509Certificate leaf, Status status, int days)
            throws IOException {
        Path openssl = Peers.require("openssl");
        Path dir = TempFiles.directory("ocsp-");
        Path leafFile = PemFiles.writeCertificate(dir.resolve("leaf.crt"), leaf);
        Path index = dir.resolve("index.txt");
        String serial = leaf.getSerialNumber().toString(16).toUpperCase();
        if (serial.length() % 2 == 1) serial = "0" + serial;
        String expiry = INDEX_TIME.format(leaf.getNotAfter().toInstant());
        String subject = "/" + String.join("/", reversedRdns(leaf));
        String line = switch (status) {
            case GOOD -> "V\t" + expiry + "\t\t" + serial + "\tunknown\t" + subject;
            case REVOKED -> "R\t" + expiry + "\t" + INDEX_TIME.format(Instant.now().minusSeconds(3600)) + ",keyCompromise\t" + serial
                    + "\tunknown\t" + subject;
            case UNKNOWN -> "V\t" + expiry + "\t\t01\tunknown\t/CN=someone else";
        };
        Files.writeString(index, line + "\n");
        Path request = dir.resolve("request.der");
        run(List.of(openssl.toString(), "ocsp", "-issuer", issuerCert.toString(), "-cert", leafFile.toString(),
                "-no_nonce", "-reqout", request.toString()));
        Path response = dir.resolve("response-" + status.name().toLowerCase() + ".der");
        run(List.of(openssl.toString(), "ocsp", "-index", index.toString(), "-rsigner", signerCert.toString(),
                "-rkey", signerKey.toString(), "-CA", issuerCert.toString(), "-reqin", request.toString(),
                "-respout", response.toString(), "-ndays", String.valueOf(days)));
        return response;
    }

    /** A "good" response whose validity ended yesterday (thisUpdate 2 days ago, nextUpdate 1 day ago). */
    public static Path stale(X509Certificate issuer, PrivateKey issuerKey, X509Certificate leaf) throws IOException {
        try {
            var digests = new JcaDigestCalculatorProviderBuilder().build();
            X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
            CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1), issuerHolder, leaf.getSerialNumber());
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded())));
            Instant now = Instant.now();
            builder.addResponse(id, CertificateStatus.GOOD, Date.from(now.minusSeconds(2 * 86_400)), Date.from(now.minusSeconds(86_400)));
            BasicOCSPResp basic = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey),
                    new X509CertificateHolder[0], Date.from(now.minusSeconds(2 * 86_400)));
            Path file = TempFiles.file("ocsp-stale-", ".der");
            Files.write(file, new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded());
            return file;
        } catch (Exception e) {
            throw new IOException("cannot build the stale OCSP response: " + e.getMessage(), e);
        }
    }

    private static List<String> reversedRdns(X509Certificate c) {
        String rfc2253 = c.getSubjectX500Principal().getName();
        List<String> rdns = new ArrayList<>(List.of(rfc2253.split(",(?=[A-Za-z.0-9]+=)")));
        java.util.Collections.reverse(rdns);
        return rdns;
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
    }
}
