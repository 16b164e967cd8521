package io.iotls.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CA certificates that may sign a peer's certificate: PEM/DER files, directories of PEM files (like OpenSSL's
 * capath, hashed names not required; CRLs found there are used too), PKCS#12/JKS trust stores, and, only when
 * asked for, the JDK's system roots.
 */
public record TrustSource(List<Path> caFiles, List<Path> caDirectories, List<Path> trustStores,
                          Optional<Password> trustStorePassword, boolean systemRoots) {
    public static final TrustSource NONE = new TrustSource(List.of(), List.of(), List.of(), Optional.empty(), false);

    public TrustSource {
        caFiles = List.copyOf(caFiles);
        caDirectories = List.copyOf(caDirectories);
        trustStores = List.copyOf(trustStores);
    }

    public boolean isEmpty() {
        return caFiles.isEmpty() && caDirectories.isEmpty() && trustStores.isEmpty() && !systemRoots;
    }

    TrustSource withCaFile(Path file) {
        List<Path> files = new ArrayList<>(caFiles);
        files.add(file);
        return new TrustSource(files, caDirectories, trustStores, trustStorePassword, systemRoots);
    }

    TrustSource withCaDirectory(Path dir) {
        List<Path> dirs = new ArrayList<>(caDirectories);
        dirs.add(dir);
        return new TrustSource(caFiles, dirs, trustStores, trustStorePassword, systemRoots);
    }

    TrustSource withTrustStore(Path store, Password password) {
        List<Path> stores = new ArrayList<>(trustStores);
        stores.add(store);
        return new TrustSource(caFiles, caDirectories, stores, Optional.ofNullable(password), systemRoots);
    }

    TrustSource withSystemRoots() {
        return new TrustSource(caFiles, caDirectories, trustStores, trustStorePassword, true);
    }

    /** {@code ca.crt, capath /etc/ca, system roots}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        caFiles.forEach(f -> parts.add(f.toString()));
        caDirectories.forEach(d -> parts.add("capath " + d));
        trustStores.forEach(s -> parts.add("trust store " + s));
        if (systemRoots) parts.add("JDK system roots");
        return parts.isEmpty() ? "no CA configured" : String.join(", ", parts);
    }
}
