package io.iotls.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PKCS#11 token of Debian's softhsm2, as an independent peer for keys that never leave their token: initialised with
 * {@code softhsm2-util}, keys generated inside it and certificates stored with OpenSC's {@code pkcs11-tool}. softhsm2
 * reads its configuration from {@code SOFTHSM2_CONF}, which the build sets for the test JVM (under target/); this
 * writes that file and deletes the token when closed.
 */
public final class SoftHsmToken implements AutoCloseable {
    private static final List<Path> MODULES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"));

    private final String label;
    private final String pin;
    private final Path module;

    private SoftHsmToken(String label, String pin, Path module) {
        this.label = label;
        this.pin = pin;
        this.module = module;
    }

    /** A fresh token with this user PIN (the label is made unique). */
    public static SoftHsmToken create(String labelPrefix, String pin) throws IOException {
        Peers.require("softhsm2-util");
        Peers.require("pkcs11-tool");
        Path module = MODULES.stream().filter(Files::exists).findFirst().orElse(null);
        String conf = System.getenv("SOFTHSM2_CONF");
        if (module == null || conf == null) {
            String why = module == null ? "libsofthsm2.so not found (Debian package softhsm2)"
                    : "SOFTHSM2_CONF is not set for this JVM (the build's surefire configuration sets it)";
            if (Boolean.getBoolean("interop.required")) Assertions.fail(why + " [interop.required=true]");
            Assumptions.abort(why);
        }
        Path confFile = Path.of(conf);
        Path tokens = confFile.resolveSibling("softhsm-tokens");
        Files.createDirectories(tokens);
        if (!Files.exists(confFile)) {
            Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n"
                    + "slots.removable = false\n");
        }
        String label = (labelPrefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "so-" + pin);
        return new SoftHsmToken(label, pin, module);
    }

    public String label() { return label; }
    public Path module() { return module; }

    /** Generates an EC P-256 key pair inside the token (never exported); returns its public half. */
    public PublicKey generateEcKey(String objectLabel, String idHex) throws IOException {
        return generate("EC:prime256v1", "EC", objectLabel, idHex);
    }

    /** Generates an RSA 2048 key pair inside the token (never exported); returns its public half. */
    public PublicKey generateRsaKey(String objectLabel, String idHex) throws IOException {
        return generate("rsa:2048", "RSA", objectLabel, idHex);
    }

    private PublicKey generate(String keyType, String algorithm, String objectLabel, String idHex) throws IOException {
        run(p11("--keypairgen", "--key-type", keyType, "--label", objectLabel, "--id", idHex));
        Path der = TempFiles.file("p11-pub-", ".der");
        try {
            run(p11("--read-object", "--type", "pubkey", "--id", idHex, "--output-file", der.toString()));
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Files.readAllBytes(der)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("the token's public key cannot be read: " + e.getMessage(), e);
        } finally {
            TempFiles.deleteQuietly(der);
        }
    }

    /** Stores a certificate in the token beside the key of the same id and label. */
    public void storeCertificate(X509Certificate certificate, String objectLabel, String idHex) throws IOException {
        Path der = TempFiles.file("p11-cert-", ".der");
        try {
            Files.write(der, certificate.getEncoded());
            run(p11("--write-object", der.toString(), "--type", "cert", "--label", objectLabel, "--id", idHex));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        } finally {
            TempFiles.deleteQuietly(der);
        }
    }

    private String[] p11(String... more) {
        List<String> args = new ArrayList<>(List.of("pkcs11-tool", "--module", module.toString(), "--token-label", label,
                "--login", "--pin", pin));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Override
    public void close() {
        try {
            run("softhsm2-util", "--delete-token", "--token", label);
        } catch (IOException e) {
            // the token stays under target/: deleted with the build directory
        }
    }

    private static void run(String... command) throws IOException {
        Path log = TempFiles.file("softhsm-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish within 30 s");
            }
            if (p.exitValue() != 0) throw new IOException(String.join(" ", command).replaceAll("--pin \\S+", "--pin ***")
                    + " failed (" + p.exitValue() + "): " + Files.readString(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            TempFiles.deleteQuietly(log);
        }
    }
}
