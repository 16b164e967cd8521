package io.iotls.transport.internal.crypto;

import java.security.*;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertStoreParameters;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import javax.crypto.Cipher;
import javax.crypto.ExemptionMechanism;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKeyFactory;
import org.bouncycastle.jcajce.util.JcaJceHelper;

/** Asks the primary helper (JDK providers) first and the fallback (private BC provider) when it lacks an algorithm. */
final class FallbackJcaJceHelper implements JcaJceHelper {
    private final JcaJceHelper primary;
    private final JcaJceHelper fallback;

    FallbackJcaJceHelper(JcaJceHelper primary, JcaJceHelper fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException, NoSuchProviderException {
        try {
            return primary.createCipher(algorithm);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            return fallback.createCipher(algorithm);
        }
    }

    @Override
    public Mac createMac(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createMac(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createMac(algorithm);
        }
    }

    @Override
    public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createKeyAgreement(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createKeyAgreement(algorithm);
        }
    }

    @Override
    public AlgorithmParameterGenerator createAlgorithmParameterGenerator(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createAlgorithmParameterGenerator(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createAlgorithmParameterGenerator(algorithm);
        }
    }

    @Override
    public AlgorithmParameters createAlgorithmParameters(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createAlgorithmParameters(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createAlgorithmParameters(algorithm);
        }
    }

    @Override
    public KeyGenerator createKeyGenerator(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createKeyGenerator(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createKeyGenerator(algorithm);
        }
    }

    @Override
    public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createKeyFactory(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createKeyFactory(algorithm);
        }
    }

    @Override
    public SecretKeyFactory createSecretKeyFactory(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createSecretKeyFactory(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createSecretKeyFactory(algorithm);
        }
    }

    @Override
    public KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createKeyPairGenerator(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createKeyPairGenerator(algorithm);
        }
    }

    @Override
    public MessageDigest createDigest(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createDigest(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createDigest(algorithm);
        }
    }

    @Override
    public MessageDigest createMessageDigest(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createMessageDigest(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createMessageDigest(algorithm);
        }
    }

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createSignature(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createSignature(algorithm);
        }
    }

    @Override
    public CertificateFactory createCertificateFactory(String algorithm) throws NoSuchProviderException, CertificateException {
        try {
            return primary.createCertificateFactory(algorithm);
        } catch (CertificateException e) {
            return fallback.createCertificateFactory(algorithm);
        }
    }

    @Override
    public SecureRandom createSecureRandom(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createSecureRandom(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createSecureRandom(algorithm);
        }
    }

    @Override
    public CertPathBuilder createCertPathBuilder(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createCertPathBuilder(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createCertPathBuilder(algorithm);
        }
    }

    @Override
    public CertPathValidator createCertPathValidator(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createCertPathValidator(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createCertPathValidator(algorithm);
        }
    }

    @Override
    public CertStore createCertStore(String type, CertStoreParameters params) throws NoSuchAlgorithmException, InvalidAlgorithmParameterException, NoSuchProviderException {
        try {
            return primary.createCertStore(type, params);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createCertStore(type, params);
        }
    }

    @Override
    public ExemptionMechanism createExemptionMechanism(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        try {
            return primary.createExemptionMechanism(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return fallback.createExemptionMechanism(algorithm);
        }
    }

    @Override
    public KeyStore createKeyStore(String type) throws KeyStoreException, NoSuchProviderException {
        try {
            return primary.createKeyStore(type);
        } catch (KeyStoreException e) {
            return fallback.createKeyStore(type);
        }
    }
}
