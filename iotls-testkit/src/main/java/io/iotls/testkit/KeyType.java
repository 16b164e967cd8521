package io.iotls.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key algorithms the test PKI can issue certificates for. */
public enum KeyType {
    RSA_2048("SHA256withRSA"),
    /** Too weak for use: for tests of the checks that refuse it. */
    RSA_1024("SHA256withRSA"),
    EC_P256("SHA256withECDSA"),
    EC_P384("SHA384withECDSA"),
    ED25519("Ed25519");

    private final String signatureAlgorithm;

    KeyType(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Parses {@code rsa}, {@code ec}/{@code p256}, {@code p384} or {@code ed25519}. */
    public static KeyType parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT).replace("-", "")) {
            case "rsa", "rsa2048" -> RSA_2048;
            case "ec", "ecdsa", "p256", "ecp256", "secp256r1", "prime256v1" -> EC_P256;
            case "p384", "ecp384", "secp384r1" -> EC_P384;
            case "ed25519" -> ED25519;
            default -> throw new IllegalArgumentException(
                    "unknown key type '" + name + "'; use one of: rsa, p256, p384, ed25519");
        };
    }

    KeyPair generate() {
        try {
            return switch (this) {
                case RSA_2048, RSA_1024 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(this == RSA_1024 ? 1024 : 2048);
                    yield g.generateKeyPair();
                }
                case EC_P256, EC_P384 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec(this == EC_P256 ? "secp256r1" : "secp384r1"));
                    yield g.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key", e);
        }
    }
}
