package io.iotls.transport.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.Test;

/** The peer's RSA-PSS signatures, checked on the JDK: a good one verifies, anything altered does not. */
class JdkPssVerifierTest {
    private static final PSSParameterSpec SHA256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    private static final byte[] SIGNED = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aGoodSignatureVerifiesAndAnAlteredOneOrAnotherKeysDoesNot() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair server = gen.generateKeyPair();
        KeyPair other = gen.generateKeyPair();
        byte[] sig = sign(server, SIGNED);

        assertThat(verify(server, SIGNED, sig)).isTrue();
        byte[] altered = SIGNED.clone();
        altered[0] ^= 1;
        assertThat(verify(server, altered, sig)).as("other data").isFalse();
        byte[] badSig = sig.clone();
        badSig[badSig.length - 1] ^= 1;
        assertThat(verify(server, SIGNED, badSig)).as("an altered signature").isFalse();
        assertThat(verify(other, SIGNED, sig)).as("another key").isFalse();
        assertThat(verify(server, SIGNED, new byte[3])).as("a malformed signature").isFalse();

        JdkPssVerifier tls12 = JdkPssVerifier.forBcAlgorithm("SHA256WITHRSAANDMGF1", SHA256, server.getPublic(), sig);
        tls12.getOutputStream().write(SIGNED);
        assertThat(tls12.isVerified()).as("TLS 1.2 form, signature given up front").isTrue();
    }

    @Test
    void onlyBouncyCastlesRsaPssNamesAreTakenOver() {
        assertThat(JdkPssVerifier.forBcAlgorithm("SHA256WITHECDSA", SHA256, null, null)).isNull();
        assertThat(JdkPssVerifier.forBcAlgorithm("SHA256WITHRSAANDMGF1", null, null, null)).isNull();
    }

    private static byte[] sign(KeyPair pair, byte[] data) throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(SHA256);
        s.initSign(pair.getPrivate());
        s.update(data);
        return s.sign();
    }

    private static boolean verify(KeyPair pair, byte[] data, byte[] sig) throws Exception {
        JdkPssVerifier v = JdkPssVerifier.forBcAlgorithm("SHA256WITHRSAANDMGF1", SHA256, pair.getPublic(), null);
        v.getOutputStream().write(data);
        return v.verifySignature(sig);
    }
}
