package io.iotls.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The binder-label swap touches exactly the "ext binder" HkdfLabel and nothing else. */
class Tls13ResumptionLabelTest {
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
    void bouncyCastlesTranscriptIsReadable() {
        // If this fails after a Bouncy Castle upgrade, TLS 1.3 resumption silently becomes full handshakes.
        assertThat(Tls13Resumption.available()).isTrue();
    }
}
