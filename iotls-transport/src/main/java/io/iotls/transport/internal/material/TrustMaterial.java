package io.iotls.transport.internal.material;

import io.iotls.transport.verify.NamedCrl;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.FailureReason;
import io.iotls.transport.TrustSource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust anchors and CRLs, loaded once from the configured files. */
public record TrustMaterial(List<X509Certificate> anchors, List<NamedCrl> crls, String description) {
    public TrustMaterial {
        anchors = List.copyOf(anchors);
        crls = List.copyOf(crls);
    }

    public static TrustMaterial load(TrustSource source, List<Path> crlFiles) throws CertificateProblem {
        List<X509Certificate> anchors = new ArrayList<>();
        List<NamedCrl> crls = new ArrayList<>();
        for (Path f : source.caFiles()) anchors.addAll(PemMaterial.readCertificates(f));
        for (Path d : source.caDirectories()) PemMaterial.readDirectory(d, anchors, crls);
        for (Path s : source.trustStores()) anchors.addAll(readTrustStore(s, source));
        if (source.systemRoots()) anchors.addAll(systemRoots());
        anchors.addAll(source.certificates());
        for (Path f : crlFiles) crls.addAll(PemMaterial.readCrls(f, false));
        return new TrustMaterial(anchors, crls, source.describe());
    }

    private static List<X509Certificate> readTrustStore(Path file, TrustSource source) throws CertificateProblem {
        char[] pw = source.trustStorePassword().map(p -> p.chars()).orElse(null);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String type = name.endsWith(".jks") ? "JKS" : "PKCS12";
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, pw);
            List<X509Certificate> certs = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate c) certs.add(c);
            }
            if (certs.isEmpty()) throw PemMaterial.invalid(file, "holds no certificate", null);
            return certs;
        } catch (CertificateProblem p) {
            throw p;
        } catch (Exception e) {
            throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "trust store " + file + " cannot be read as "
                    + type + " (" + e.getClass().getSimpleName() + ")", "check the file and its password", null);
        } finally {
            if (pw != null) Arrays.fill(pw, '\0');
        }
    }

    private static List<X509Certificate> systemRoots() throws CertificateProblem {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) return List.of(x.getAcceptedIssuers());
            }
        } catch (Exception e) {
            throw new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "the JDK's system roots cannot be loaded: " + e, null, e);
        }
        return List.of();
    }
}
