package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.crypto.Tls13Resumption;
import io.iotls.transport.internal.io.BcQueues;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What iotls adds on top of Bouncy Castle internals: the binder-label swap, and the internals being where expected. */
class BcInternalsTest {
    private static byte[] hkdfLabel(String label, int contextLength) {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[2 + 1 + l.length + 1 + contextLength];
        out[1] = 32;
        out[2] = (byte) l.length;
        System.arraycopy(l, 0, out, 3, l.length);
        out[3 + l.length] = (byte) contextLength;
        for (int i = 0; i < contextLength; i++) out[4 + l.length + i] = (byte) (i + 1);
        return out;
    }

    @Test
    void extBinderBecomesResBinderWithTheSameContext() {
        assertThat(Tls13Resumption.resumptionLabel(hkdfLabel("ext binder", 32))).isEqualTo(hkdfLabel("res binder", 32));
    }

    @Test
    void otherLabelsAreLeftAlone() {
        for (String label : new String[] {"derived", "c e traffic", "e exp master", "res binder", "ext binderx"}) {
            byte[] info = hkdfLabel(label, 32);
            assertThat(Tls13Resumption.resumptionLabel(info)).as(label).isSameAs(info);
        }
    }

    @Test
    void bouncyCastlesInternalsAreWhereIotlsExpectsThem() {
        // If this fails after a Bouncy Castle upgrade, idle connections keep ~1 KB more (queues): see README "Known limits".
        assertThat(BcQueues.available()).isTrue();
    }
}
