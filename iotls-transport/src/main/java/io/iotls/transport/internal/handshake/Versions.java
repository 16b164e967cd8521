package io.iotls.transport.internal.handshake;

import io.iotls.transport.TlsVersion;
import org.bouncycastle.tls.ProtocolVersion;

/** Our TLS versions in Bouncy Castle's terms. */
final class Versions {
    private Versions() {}

    /** Highest first, as BC offers them. */
    static ProtocolVersion[] range(TlsVersion min, TlsVersion max) {
        return bc(max).downTo(bc(min));
    }

    static ProtocolVersion bc(TlsVersion v) {
        return v == TlsVersion.TLS_1_3 ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
    }

    static TlsVersion of(ProtocolVersion v) {
        return ProtocolVersion.TLSv13.equals(v) ? TlsVersion.TLS_1_3 : TlsVersion.TLS_1_2;
    }
}
