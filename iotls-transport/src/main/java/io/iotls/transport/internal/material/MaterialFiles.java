package io.iotls.transport.internal.material;

import io.iotls.transport.CertificateSource;
import io.iotls.transport.TlsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a client's or a server endpoint's TLS options read (CA files and directories, trust stores, certificate, key, CRLs) and a stamp
 * of them: size and modification time of each, so a rotated file is seen at the next connection without a watcher
 * thread.
 */
public final class MaterialFiles {
    private MaterialFiles() {}

    public static List<Path> of(TlsOptions options) {
        return of(options.trust(), options.crlFiles(), options.clientCertificate());
    }

    /** The files a server endpoint reads: its certificate and key, the CAs for client certificates, CRLs. */
    public static List<Path> of(io.iotls.transport.TlsServerOptions options) {
        return of(options.clientTrust(), options.crlFiles(), options.certificate());
    }

    private static List<Path> of(io.iotls.transport.TrustSource trust, List<Path> crlFiles,
                                 java.util.Optional<CertificateSource> certificate) {
        List<Path> files = new ArrayList<>(trust.caFiles());
        files.addAll(trust.trustStores());
        for (Path dir : trust.caDirectories()) {
            files.add(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                entries.sorted().forEach(files::add);
            } catch (IOException unreadable) {
                // the stamp then changes when it becomes readable
            }
        }
        files.addAll(crlFiles);
        certificate.ifPresent(c -> {
            if (c.kind() == CertificateSource.Kind.PEM_FILES) {
                files.add(c.certificateFile());
                files.add(c.keyFile());
            } else if (c.kind() == CertificateSource.Kind.PKCS12_FILE) {
                files.add(c.pkcs12File());
            }
        });
        return files;
    }

    /** A string that changes when any of the files changes, appears or disappears. */
    public static String stamp(TlsOptions options) {
        return stamp(of(options));
    }

    public static String stamp(io.iotls.transport.TlsServerOptions options) {
        return stamp(of(options));
    }

    private static String stamp(List<Path> files) {
        StringBuilder s = new StringBuilder();
        for (Path f : files) {
            s.append(f).append('=');
            try {
                s.append(Files.size(f)).append('@').append(Files.getLastModifiedTime(f).toMillis());
            } catch (IOException missing) {
                s.append("missing");
            }
            s.append(';');
        }
        return s.toString();
    }
}
