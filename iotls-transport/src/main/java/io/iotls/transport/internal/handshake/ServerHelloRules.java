package io.iotls.transport.internal.handshake;

import io.iotls.transport.CipherSuite;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.internal.trace.TraceRecorder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ClientHello;
import org.bouncycastle.tls.KeyShareEntry;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * What a server's hello must keep to, checked before Bouncy Castle's own checks so a refusal names the field, what
 * came and what we offered, at the step it came in: the cipher suite one of ours, the TLS 1.3 key share on a group we
 * sent a share for, no GREASE value among its extensions. Each refusal is {@code illegal_parameter}, as RFC 8446 asks.
 */
final class ServerHelloRules {
    private ServerHelloRules() {}

    /** RFC 5246 7.4.1.3, RFC 8446 4.1.3: the suite must be one of ours. */
    static void refuseUnofferedSuite(TraceRecorder trace, ClientHello ours, ServerHello hello, HandshakeStep step) throws IOException {
        int[] offered = ours == null ? null : ours.getCipherSuites();
        if (offered == null || org.bouncycastle.util.Arrays.contains(offered, hello.getCipherSuite())) return;
        String chosen = CipherSuite.fromCode(hello.getCipherSuite()).map(CipherSuite::ianaName)
                .orElse(String.format("0x%04X", hello.getCipherSuite()));
        List<String> names = new ArrayList<>();
        for (int code : offered) CipherSuite.fromCode(code).ifPresent(c -> names.add(c.ianaName()));
        refuse(trace, step, "the server selected the cipher suite " + chosen + ", which we did not offer (RFC 5246 7.4.1.3, "
                + "RFC 8446 4.1.3); we offered " + String.join(", ", names));
    }

    /** RFC 8446 4.2.8: the server's key share must be on a group our (latest) ClientHello sent a share for. */
    static void refuseUnsharedGroup(TraceRecorder trace, ClientHello ours, ServerHello hello) throws IOException {
        if (hello.getExtensions() == null) return;
        KeyShareEntry share = TlsExtensionsUtils.getKeyShareServerHello(hello.getExtensions());
        List<Integer> shared = keyShares(ours);
        if (share != null && !shared.isEmpty() && !shared.contains(share.getNamedGroup())) {
            refuse(trace, HandshakeStep.SERVER_HELLO, "the server's key share is on " + NamedGroup.getName(share.getNamedGroup())
                    + ", a group we sent no key share for (RFC 8446 4.2.8): we sent "
                    + shared.stream().map(NamedGroup::getName).collect(Collectors.joining(", ")));
        }
    }

    /**
     * RFC 8701 4: a GREASE value (0x?A?A) among a server's extensions is an error; Bouncy Castle checks the TLS 1.2
     * ServerHello and TLS 1.3 EncryptedExtensions for extensions not offered, but not a TLS 1.3 ServerHello or
     * HelloRetryRequest.
     */
    static void refuseGrease(TraceRecorder trace, ServerHello hello, HandshakeStep step) throws IOException {
        if (hello.getExtensions() == null) return;
        for (Object key : hello.getExtensions().keySet()) {
            int type = (Integer) key;
            if ((type & 0x0f0f) == 0x0a0a && (type >> 8) == (type & 0xff)) {
                refuse(trace, step, String.format("the %s holds the GREASE extension 0x%04x, which a server must never send (RFC 8701 4)",
                        step, type));
            }
        }
    }

    private static List<Integer> keyShares(ClientHello ours) throws IOException {
        List<Integer> groups = new ArrayList<>();
        if (ours == null || ours.getExtensions() == null) return groups;
        java.util.Vector<?> shares = TlsExtensionsUtils.getKeyShareClientHello(ours.getExtensions());
        if (shares != null) for (Object e : shares) groups.add(((KeyShareEntry) e).getNamedGroup());
        return groups;
    }

    /** Names the fault in the trace at its step and ends the handshake with illegal_parameter. */
    private static void refuse(TraceRecorder trace, HandshakeStep step, String what) throws IOException {
        trace.detail(step, what);
        throw new TlsFatalAlert(AlertDescription.illegal_parameter, what);
    }
}
