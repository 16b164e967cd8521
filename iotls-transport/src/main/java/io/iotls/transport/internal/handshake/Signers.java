package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.material.Identity;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Picks the signature scheme for our key among those the peer accepts, and wraps key + chain for BC. */
public final class Signers {
    private Signers() {}

    public static TlsCredentialedSigner signer(TlsContext context, JcaTlsCrypto crypto, Identity identity,
                                              Vector<?> peerAlgorithms, byte[] requestContext) throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(context);
        SignatureAndHashAlgorithm chosen = choose(identity.key(), identity.leaf().getPublicKey(), peerAlgorithms, tls13);
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer accepts no signature scheme for our "
                    + identity.key().getAlgorithm() + " key");
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, identity.key(),
                certificate(crypto, identity.chain(), tls13, requestContext), chosen);
    }

    public static Certificate certificate(JcaTlsCrypto crypto, List<X509Certificate> chain, boolean tls13, byte[] requestContext)
            throws IOException {
        TlsCertificate[] certs = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < certs.length; i++) certs[i] = crypto.createCertificate(chain.get(i).getEncoded());
        } catch (CertificateEncodingException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
        if (!tls13) return new Certificate(certs);
        CertificateEntry[] entries = new CertificateEntry[certs.length];
        for (int i = 0; i < certs.length; i++) entries[i] = new CertificateEntry(certs[i], null);
        return new Certificate(requestContext == null ? TlsUtils.EMPTY_BYTES : requestContext, entries);
    }

    /** The curve's size is read from the certificate: a key in a token (PKCS#11) exposes no parameters. */
    static SignatureAndHashAlgorithm choose(PrivateKey key, java.security.PublicKey publicKey, Vector<?> peerAlgorithms, boolean tls13) {
        List<?> offered = peerAlgorithms != null ? peerAlgorithms : defaults(key);
        for (Object o : offered) {
            SignatureAndHashAlgorithm a = (SignatureAndHashAlgorithm) o;
            if (fits(key, publicKey, a, tls13)) return a;
        }
        return null;
    }

    private static List<SignatureAndHashAlgorithm> defaults(PrivateKey key) {
        short sig = key.getAlgorithm().equals("RSA") ? SignatureAlgorithm.rsa : SignatureAlgorithm.ecdsa;
        return List.of(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, sig));
    }

    private static boolean fits(PrivateKey key, java.security.PublicKey publicKey, SignatureAndHashAlgorithm a, boolean tls13) {
        switch (key.getAlgorithm()) {
            case "RSA":
                if (a.equals(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256) || a.equals(SignatureAndHashAlgorithm.rsa_pss_rsae_sha384)
                        || a.equals(SignatureAndHashAlgorithm.rsa_pss_rsae_sha512)) return true;
                return !tls13 && a.getSignature() == SignatureAlgorithm.rsa && a.getHash() >= HashAlgorithm.sha256;
            case "EC":
            case "ECDSA":
                if (a.getSignature() != SignatureAlgorithm.ecdsa) return false;
                int bits = ((ECKey) publicKey).getParams().getOrder().bitLength();
                short want = bits > 256 ? HashAlgorithm.sha384 : HashAlgorithm.sha256;
                return tls13 ? a.getHash() == want : a.getHash() >= HashAlgorithm.sha256;
            case "Ed25519":
            case "EdDSA":
                return a.equals(SignatureAndHashAlgorithm.ed25519);
            default:
                return false;
        }
    }
}
