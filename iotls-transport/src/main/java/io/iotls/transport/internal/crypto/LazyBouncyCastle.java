package io.iotls.transport.internal.crypto;

import java.security.Provider;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Bouncy Castle's JCA provider, made only when a service of it is first asked for. Building it registers every
 * algorithm BC has and costs about half a second of start-up; most connections never need it (the JDK's providers come
 * first), so a short-lived command such as {@code iotls pub} should not pay for it. Services are BC's own, so what they
 * make belongs to BC's provider.
 */
final class LazyBouncyCastle extends Provider {
    private static final long serialVersionUID = 1L;

    /** Made on first use (class initialisation is lazy and thread-safe). */
    private static final class Holder {
        static final BouncyCastleProvider BC = new BouncyCastleProvider();
    }

    LazyBouncyCastle() {
        super("iotls-lazy-BC", "1.0", "Bouncy Castle, made on first use");
    }

    static BouncyCastleProvider provider() {
        return Holder.BC;
    }

    @Override
    public Service getService(String type, String algorithm) {
        return Holder.BC.getService(type, algorithm);
    }

    @Override
    public Set<Service> getServices() {
        return Holder.BC.getServices();
    }
}
