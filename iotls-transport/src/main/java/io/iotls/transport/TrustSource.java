package io.iotls.transport;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CA certificates that may sign a peer's certificate: PEM/DER files, directories of PEM files (like OpenSSL's
 * capath, hashed names not required; CRLs found there are used too), PKCS#12/JKS trust stores, and, only when
 * asked for, the JDK's system roots.
 */
public record TrustSource(List<Path> caFiles, List<Path> caDirectories, List<Path> trustStores,
                          Optional<Password> trustStorePassword, boolean systemRoots, List<X509Certificate> certificates) {
    public static final TrustSource NONE = new TrustSource(List.of(), List.of(), List.of(), Optional.empty(), false, List.of());

    public TrustSource {
        caFiles = List.copyOf(caFiles);
        caDirectories = List.copyOf(caDirectories);
        trustStores = List.copyOf(trustStores);
        certificates = List.copyOf(certificates);
    }

    public boolean isEmpty() {
        return caFiles.isEmpty() && caDirectories.isEmpty() && trustStores.isEmpty() && !systemRoots && certificates.isEmpty();
    }

    /** CA certificates given in memory (PEM text, or a KeyStore's certificate entries). */
    TrustSource withCertificates(java.util.Collection<X509Certificate> more) {
        List<X509Certificate> all = new ArrayList<>(certificates);
        all.addAll(more);
        return new TrustSource(caFiles, caDirectories, trustStores, trustStorePassword, systemRoots, all);
    }

    TrustSource withCaFile(Path file) {
        List<Path> files = new ArrayList<>(caFiles);
        files.add(file);
        return new TrustSource(files, caDirectories, trustStores, trustStorePassword, systemRoots, certificates);
    }

    TrustSource withCaDirectory(Path dir) {
        List<Path> dirs = new ArrayList<>(caDirectories);
        dirs.add(dir);
        return new TrustSource(caFiles, dirs, trustStores, trustStorePassword, systemRoots, certificates);
    }

    TrustSource withTrustStore(Path store, Password password) {
        List<Path> stores = new ArrayList<>(trustStores);
        stores.add(store);
        return new TrustSource(caFiles, caDirectories, stores, Optional.ofNullable(password), systemRoots, certificates);
    }

    TrustSource withSystemRoots() {
        return new TrustSource(caFiles, caDirectories, trustStores, trustStorePassword, true, certificates);
    }

    static List<X509Certificate> parsePem(String pemText) {
        try {
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(pemText.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) throw new IllegalArgumentException("the CA PEM text holds no certificate");
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("the CA PEM text cannot be read as certificates: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificatesOf(java.security.KeyStore store) {
        try {
            List<X509Certificate> certs = new ArrayList<>();
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate c) certs.add(c);
            }
            if (certs.isEmpty()) throw new IllegalArgumentException("the " + store.getType() + " key store holds no certificate entry");
            return certs;
        } catch (java.security.KeyStoreException e) {
            throw new IllegalArgumentException("the key store is not loaded: " + e.getMessage(), e);
        }
    }

    /** {@code ca.crt, capath /etc/ca, system roots}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        caFiles.forEach(f -> parts.add(f.toString()));
        caDirectories.forEach(d -> parts.add("capath " + d));
        trustStores.forEach(s -> parts.add("trust store " + s));
        if (systemRoots) parts.add("JDK system roots");
        if (!certificates.isEmpty()) parts.add(certificates.size() + " CA certificate(s) given in memory");
        return parts.isEmpty() ? "no CA configured" : String.join(", ", parts);
    }
}
