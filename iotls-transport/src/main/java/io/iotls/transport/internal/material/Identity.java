package io.iotls.transport.internal.material;

import io.iotls.transport.internal.crypto.Ed25519PrivateKey;

import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.CertificateSource;
import io.iotls.transport.FailureReason;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Our own certificate chain and its private key, loaded once and checked to belong together. */
public record Identity(List<X509Certificate> chain, PrivateKey key) {
    public Identity {
        chain = List.copyOf(chain);
        key = Ed25519PrivateKey.adapt(key);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public static Identity load(CertificateSource source) throws CertificateProblem {
        Identity identity = switch (source.kind()) {
            case PKCS12_FILE -> loadPkcs12(source);
            case PEM_FILES -> new Identity(PemMaterial.readCertificates(source.certificateFile()),
                    PemMaterial.readPrivateKey(source.keyFile(), source.password()));
            case PEM_TEXT -> {
                byte[] key = source.keyPem();
                try {
                    yield new Identity(PemMaterial.readCertificates(java.nio.file.Path.of("the certificate PEM text"), source.certificatePem()),
                            PemMaterial.readPrivateKey(java.nio.file.Path.of("the key PEM text"), key, source.password()));
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
            case PKCS11 -> Pkcs11Keys.load(source);
            case KEY_MANAGER -> fromKeyManager(source.keyManager(), source.alias().orElse(null), source);
            case KEY_STORE -> {
                char[] pw = source.password().map(p -> p.chars()).orElse(new char[0]);
                try {
                    yield fromKeyStore(source.keyStore(), source.alias().orElse(null), pw, source);
                } catch (UnrecoverableKeyException e) {
                    throw new CertificateProblem(FailureReason.BAD_KEY_PASSWORD, "cannot open the key of the " + source.describe()
                            + ": wrong password", null, null);
                } catch (GeneralSecurityException e) {
                    throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "cannot read the " + source.describe() + ": "
                            + e.getMessage(), "check the alias and that the entry holds a private key with its certificate chain", null);
                } finally {
                    Arrays.fill(pw, '\0');
                }
            }
        };
        identity.checkKeyMatchesCertificate(source);
        return identity;
    }

    /** The chain and key an application's key manager holds under {@code alias}, or under its only client alias. */
    private static Identity fromKeyManager(javax.net.ssl.X509KeyManager km, String alias, CertificateSource source) throws CertificateProblem {
        String chosen = alias;
        if (chosen == null) {
            java.util.Set<String> aliases = new java.util.LinkedHashSet<>();
            for (String type : List.of("RSA", "EC", "EdDSA", "Ed25519")) {
                String[] found = km.getClientAliases(type, null);
                if (found != null) aliases.addAll(Arrays.asList(found));
            }
            if (aliases.size() != 1) {
                throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "the " + source.describe() + " holds "
                        + aliases.size() + " client keys " + aliases + ": name the alias to use", null, null);
            }
            chosen = aliases.iterator().next();
        }
        X509Certificate[] chain = km.getCertificateChain(chosen);
        PrivateKey key = km.getPrivateKey(chosen);
        if (chain == null || chain.length == 0 || key == null) {
            throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "the " + source.describe() + " has no key with a "
                    + "certificate chain under '" + chosen + "'", "check the alias", null);
        }
        return new Identity(List.of(chain), key);
    }

    /** The key entry {@code alias} (or the only key entry) of a loaded key store, with its chain. */
    private static Identity fromKeyStore(KeyStore store, String alias, char[] pw, CertificateSource source)
            throws GeneralSecurityException, CertificateProblem {
        java.util.List<String> keyAliases = new java.util.ArrayList<>();
        for (String a : Collections.list(store.aliases())) if (store.isKeyEntry(a)) keyAliases.add(a);
        String chosen = alias;
        if (chosen == null) {
            if (keyAliases.size() != 1) {
                throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "the " + source.describe() + " holds "
                        + keyAliases.size() + " key entries " + keyAliases + ": name the one to use", null, null);
            }
            chosen = keyAliases.get(0);
        } else if (!keyAliases.contains(chosen)) {
            throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "the " + source.describe() + " has no key entry '"
                    + chosen + "' (its key entries: " + keyAliases + ")", null, null);
        }
        PrivateKey key = (PrivateKey) store.getKey(chosen, pw);
        Certificate[] chain = store.getCertificateChain(chosen);
        if (key == null || chain == null || chain.length == 0) {
            throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "the entry '" + chosen + "' of the " + source.describe()
                    + " has no private key with a certificate chain", null, null);
        }
        return new Identity(Arrays.stream(chain).map(c -> (X509Certificate) c).toList(), key);
    }

    private static Identity loadPkcs12(CertificateSource source) throws CertificateProblem {
        char[] pw = source.password().map(p -> p.chars()).orElse(new char[0]);
        try (InputStream in = Files.newInputStream(source.pkcs12File())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, pw);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, pw);
                    Certificate[] chain = store.getCertificateChain(alias);
                    return new Identity(Arrays.stream(chain).map(c -> (X509Certificate) c).toList(), key);
                }
            }
            throw PemMaterial.invalid(source.pkcs12File(), "holds no private key entry", null);
        } catch (CertificateProblem p) {
            throw p;
        } catch (UnrecoverableKeyException e) {
            throw badPassword(source);
        } catch (java.io.IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw badPassword(source);
            }
            throw PemMaterial.invalid(source.pkcs12File(), "cannot be read as PKCS#12: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw PemMaterial.invalid(source.pkcs12File(), "cannot be read as PKCS#12: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static CertificateProblem badPassword(CertificateSource source) {
        return new CertificateProblem(FailureReason.BAD_KEY_PASSWORD,
                "cannot open PKCS#12 file " + source.pkcs12File() + ": wrong password", null, null);
    }

    /** Signs a random challenge with the key and verifies it with the certificate: works for RSA, EC and EdDSA. */
    private void checkKeyMatchesCertificate(CertificateSource source) throws CertificateProblem {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        String where = source.describe();
        if (algorithm == null) {
            throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION,
                    "key algorithm " + key.getAlgorithm() + " in " + where + " is not supported (use RSA, ECDSA or Ed25519)", null, null);
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf().getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) return;
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's ends up here: a mismatch as well
        }
        throw new CertificateProblem(FailureReason.KEY_CERTIFICATE_MISMATCH, "the private key in " + where
                + " does not belong to certificate " + leaf().getSubjectX500Principal().getName(),
                "use the key file that was generated with this certificate's request", null);
    }

    @Override
    public String toString() {
        return "Identity[" + leaf().getSubjectX500Principal().getName() + ", key=[redacted]]";
    }
}
