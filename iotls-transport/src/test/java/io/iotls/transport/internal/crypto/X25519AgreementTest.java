package io.iotls.transport.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.junit.jupiter.api.Test;

/** Our X25519 key share agrees with the JDK's X25519 (an independent implementation) and refuses bad points. */
class X25519AgreementTest {
    private final JcaTlsCrypto crypto = Crypto.create();

    /** RFC 7748 5: u-coordinates are little-endian; the JDK's spec takes them as a BigInteger. */
    private static byte[] littleEndian(BigInteger u) {
        byte[] be = u.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < Math.min(32, be.length); i++) le[i] = be[be.length - 1 - i];
        return le;
    }

    private static BigInteger fromLittleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
        return new BigInteger(1, be);
    }

    @Test
    void agreesWithTheJdk() throws Exception {
        for (int i = 0; i < 20; i++) {
            KeyPair jdk = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            X25519Agreement ours = new X25519Agreement(crypto);
            byte[] ourPublic = ours.generateEphemeral();
            ours.receivePeerValue(littleEndian(((XECPublicKey) jdk.getPublic()).getU()));
            byte[] ourSecret = ours.calculateSecret().extract();

            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(jdk.getPrivate());
            ka.doPhase(KeyFactory.getInstance("X25519").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, fromLittleEndian(ourPublic))), true);
            assertThat(ourSecret).isEqualTo(ka.generateSecret());
        }
    }

    @Test
    void aSmallOrderPointIsAnIllegalParameter() throws Exception {
        X25519Agreement ours = new X25519Agreement(crypto);
        ours.generateEphemeral();
        ours.receivePeerValue(new byte[32]); // u = 0: the shared secret would be all zeros
        assertThatThrownBy(ours::calculateSecret).isInstanceOfSatisfying(TlsFatalAlert.class,
                e -> assertThat(e.getAlertDescription()).isEqualTo(AlertDescription.illegal_parameter));
    }

    @Test
    void aKeyShareOfTheWrongLengthIsRefused() {
        X25519Agreement ours = new X25519Agreement(crypto);
        assertThatThrownBy(() -> ours.receivePeerValue(new byte[31])).isInstanceOf(TlsFatalAlert.class);
    }
}
