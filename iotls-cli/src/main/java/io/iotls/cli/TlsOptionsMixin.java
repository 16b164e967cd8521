package io.iotls.cli;

import io.iotls.transport.CertificateSource;
import io.iotls.transport.CrlScope;
import io.iotls.transport.Password;
import io.iotls.transport.PskKey;
import io.iotls.transport.TlsOptions;
import io.iotls.transport.TlsVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The TLS options every command shares, named like mosquitto_pub/sub's where mosquitto has them. */
final class TlsOptionsMixin {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command; // where warnings go: the command's error stream
    @Option(names = "--cafile", paramLabel = "FILE", description = "CA certificates (PEM or DER) trusted to sign the broker's certificate.")
    Path cafile;

    @Option(names = "--capath", paramLabel = "DIR", description = "Directory of PEM CA certificates (and CRLs); hashed names not required.")
    Path capath;

    @Option(names = "--truststore", paramLabel = "FILE", description = "PKCS#12 or JKS trust store.")
    Path trustStore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", description = "Password of --truststore.")
    String trustStorePassword;

    @Option(names = {"--system-roots", "--tls-use-os-certs"}, description = "Also trust the JDK's system CA roots (public brokers). "
            + "Off by default. --tls-use-os-certs is mosquitto's name.")
    boolean systemRoots;

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (PEM/DER, leaf then intermediates), or PKCS#12 (.p12/.pfx) holding key and chain.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE|URI", description = "Client private key: PKCS#8, encrypted PKCS#8, PKCS#1, SEC1 or legacy "
            + "encrypted PEM; or a key in a PKCS#11 token: 'pkcs11:token=T;object=O?module-path=LIB&pin-value=PIN' (RFC 7512; "
            + "pin-source=file:... or IOTLS_PKCS11_PIN instead of pin-value), its certificate read from the token.")
    Path key;

    @Option(names = "--keyform", paramLabel = "FORM", description = "As mosquitto's: pem (default: --key is a file) or engine "
            + "(--key is the key's id in the --tls-engine: a pkcs11: URI).")
    String keyForm;

    @Option(names = "--tls-engine", paramLabel = "ENGINE", description = "As mosquitto's, for keys in hardware: pkcs11 is the one "
            + "iotls has (the JDK's PKCS#11 support, no OpenSSL engines); --key then names the key by pkcs11: URI, "
            + "module-path defaulting to p11-kit's proxy as OpenSSL's pkcs11 engine does.")
    String tlsEngine;

    @Option(names = "--tls-engine-kpass-sha1", paramLabel = "HEX", description = "mosquitto's: SHA-1 of an OpenSSL engine's key "
            + "password. Not supported: a PKCS#11 token takes its PIN in the URI (pin-value, pin-source) or IOTLS_PKCS11_PIN.")
    String tlsEngineKpassSha1;

    @Option(names = "--keypass", paramLabel = "PASSWORD", description = "Password of an encrypted --key or of a PKCS#12 --cert. "
            + "Prefer --keypass-env: arguments are visible to other users.")
    String keyPassword;

    @Option(names = "--keypass-env", paramLabel = "VAR", description = "Read the key password from this environment variable.")
    String keyPasswordEnv;

    @Option(names = "--crlfile", paramLabel = "FILE", description = "CRL file (PEM, possibly several CRLs, or DER); repeatable.")
    List<Path> crlFiles = new ArrayList<>();

    @Option(names = "--crl-leaf-only", description = "Check only the server's leaf certificate against the CRLs (default: the whole chain).")
    boolean crlLeafOnly;

    @Option(names = "--crl-accept-stale", description = "Accept a CRL past its nextUpdate, with a warning (default: reject).")
    boolean crlAcceptStale;

    @Option(names = "--ocsp", paramLabel = "POLICY", description = "The broker's stapled OCSP response: soft (default: asked "
            + "for, 'revoked' fails, a missing or unusable one warns), require (no good, current response signed by the CA: "
            + "no connection) or ignore (not asked for).")
    String ocsp;

    @Option(names = "--psk", paramLabel = "HEX", description = "Pre-shared key in hex (up to 64 bytes); needs --psk-identity.")
    String psk;

    @Option(names = "--psk-identity", paramLabel = "ID", description = "PSK identity sent to the broker.")
    String pskIdentity;

    @Option(names = "--ciphers", paramLabel = "LIST", description = "Cipher suites, IANA or OpenSSL names, ':' or ',' separated. "
            + "Default: forward-secret AEAD suites and the TLS 1.3 suites. Static RSA and plain PSK only when named.")
    String ciphers;

    @Option(names = "--tls-version", paramLabel = "VERSION", description = "Minimum TLS version: tlsv1.2 (default) or tlsv1.3.")
    String tlsVersion;

    @Option(names = "--tls-max-version", paramLabel = "VERSION", description = "Maximum TLS version: tlsv1.3 (default) or tlsv1.2.")
    String tlsMaxVersion;

    @Option(names = "--insecure", description = "As mosquitto's: do not check that the broker's certificate names the host "
            + "(chain, dates and CRLs are still checked). Prefer --servername NAME when the right name is known.")
    boolean insecure;

    @Option(names = "--insecure-accept-any-certificate", description = "Accept ANY server certificate, from anyone: no chain, "
            + "date, CRL or hostname check. Testing only: anyone can read and change the traffic.")
    boolean acceptAnyCertificate;

    @Option(names = "--proxy", paramLabel = "URL", description = "Reach the broker through a proxy: http://[user:pass@]host:port "
            + "(HTTP CONNECT), socks5://... or socks5h://... (the proxy resolves the name); 'env' takes HTTPS_PROXY or "
            + "ALL_PROXY, honouring NO_PROXY. TLS connections only.")
    String proxy;

    @Option(names = "--legacy-pki", description = "Judge certificates by the LEGACY_PKI profile: lets pass what old plant PKIs "
            + "got wrong (no key identifiers, v1 roots, RSA 1024, SHA-1, ...), each listed as a warning (docs/validation.md).")
    boolean legacyPki;

    @Option(names = "--psk-allow-short", description = "Allow a PSK key under 16 bytes (it can be guessed offline from one recorded handshake).")
    boolean pskAllowShort;

    @Option(names = "--servername", paramLabel = "NAME", description = "Name to verify in the certificate and to send as SNI, instead of HOST.")
    String serverName;

    @Option(names = {"--alpn", "--tls-alpn"}, paramLabel = "PROTOCOL", description = "ALPN protocol to offer; repeatable. AWS IoT "
            + "Core on port 443: x-amzn-mqtt-ca with an X.509 client certificate, mqtt with its custom authentication. "
            + "--tls-alpn is mosquitto's name.")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--tls-timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Connect and handshake timeout (default ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    /**
     * The PIN when the URI gives none (no pin-value, no pin-source): IOTLS_PKCS11_PIN, else asked for on the terminal
     * without echo, as OpenSSL and p11tool do; null when neither (the URI's parser then says how to give one).
     */
    private static String pkcs11Pin(String uri) {
        if (uri.contains("pin-value=") || uri.contains("pin-source=")) return null;
        String fromEnvironment = System.getenv("IOTLS_PKCS11_PIN");
        if (fromEnvironment != null) return fromEnvironment;
        java.io.Console console = System.console();
        if (console == null || !isTerminal(console)) return null;
        char[] pin = console.readPassword("PIN for the PKCS#11 token: ");
        return pin == null ? null : new String(pin);
    }

    /** Since JDK 22 a console exists even when the streams are redirected; only a real terminal is asked. */
    private static boolean isTerminal(java.io.Console console) {
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: System.console() is null unless both streams are a terminal
        }
    }

    /**
     * mosquitto's OpenSSL engine options, mapped onto what the JDK has: the pkcs11 engine names keys by pkcs11: URI,
     * exactly as iotls' --key takes them; any other engine, and the engine key password hash, are refused with the
     * way to do it here.
     */
    private void checkEngineOptions() {
        if (tlsEngineKpassSha1 != null) {
            throw new IllegalArgumentException("--tls-engine-kpass-sha1 is not supported: iotls has no OpenSSL engines; a PKCS#11 "
                    + "token takes its PIN in the --key URI (pin-value=, pin-source=file:...) or from IOTLS_PKCS11_PIN");
        }
        if (tlsEngine != null && !tlsEngine.equalsIgnoreCase("pkcs11")) {
            throw new IllegalArgumentException("--tls-engine " + tlsEngine + ": iotls has no OpenSSL engines; keys in hardware go "
                    + "through PKCS#11: --tls-engine pkcs11 --keyform engine --key 'pkcs11:token=T;object=O'");
        }
        String form = keyForm == null ? "pem" : keyForm.toLowerCase(java.util.Locale.ROOT);
        boolean uri = key != null && key.toString().startsWith("pkcs11:");
        switch (form) {
            case "pem" -> {
                if (tlsEngine != null && !uri) {
                    throw new IllegalArgumentException("--tls-engine pkcs11 names the key by URI: give --keyform engine and "
                            + "--key 'pkcs11:token=T;object=O'");
                }
            }
            case "engine" -> {
                if (tlsEngine == null) throw new IllegalArgumentException("--keyform engine needs --tls-engine pkcs11");
                if (!uri) {
                    throw new IllegalArgumentException("--keyform engine: --key is the key's id in the engine, a PKCS#11 URI "
                            + "such as 'pkcs11:token=T;object=O', not " + (key == null ? "missing" : "the file " + key));
                }
            }
            default -> throw new IllegalArgumentException("--keyform " + keyForm + ": the form is pem or engine");
        }
    }

    /** True if any option asks for TLS (pub and sub then use mqtts:// and port 8883). */
    boolean requested() {
        return cafile != null || capath != null || trustStore != null || systemRoots || cert != null || psk != null
                || pskIdentity != null || insecure || acceptAnyCertificate || ciphers != null || tlsVersion != null || serverName != null || !crlFiles.isEmpty();
    }

    TlsOptions toOptions() {
        TlsOptions.Builder b = TlsOptions.builder();
        if (cafile != null) b.caFile(cafile);
        if (capath != null) b.caDirectory(capath);
        if (trustStore != null) b.trustStore(trustStore, trustStorePassword == null ? null : Password.of(trustStorePassword));
        if (systemRoots) b.systemRoots();
        Password password = keyPassword();
        checkEngineOptions();
        if (key != null && key.toString().startsWith("pkcs11:")) { // RFC 7512: the key and its certificate stay in the token
            if (cert != null) throw new IllegalArgumentException("with a pkcs11: key the certificate comes from the token: leave out --cert");
            b.clientCertificate(CertificateSource.pkcs11Uri(key.toString(), pkcs11Pin(key.toString())));
        } else if (cert != null) {
            String name = cert.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                b.clientCertificate(CertificateSource.pkcs12(cert, password));
            } else {
                if (key == null) throw new IllegalArgumentException("--cert needs --key (or give a PKCS#12 file ending in .p12)");
                b.clientCertificate(cert, key, password);
            }
        } else if (key != null) {
            throw new IllegalArgumentException("--key needs --cert");
        }
        crlFiles.forEach(b::crlFile);
        if (crlLeafOnly) b.crlScope(CrlScope.LEAF);
        b.acceptStaleCrls(crlAcceptStale);
        if (ocsp != null) {
            b.ocspStapling(switch (ocsp.toLowerCase(java.util.Locale.ROOT)) {
                case "soft" -> io.iotls.transport.RevocationPolicy.Mode.SOFT;
                case "require" -> io.iotls.transport.RevocationPolicy.Mode.REQUIRE;
                case "ignore" -> io.iotls.transport.RevocationPolicy.Mode.IGNORE;
                default -> throw new IllegalArgumentException("--ocsp " + ocsp + ": the policy is soft, require or ignore");
            });
        }
        if (psk != null || pskIdentity != null) {
            if (psk == null || pskIdentity == null) throw new IllegalArgumentException("--psk and --psk-identity go together");
            b.psk(pskIdentity, PskKey.ofHex(psk));
        }
        if (ciphers != null) b.cipherSuites(ciphers);
        TlsVersion min = tlsVersion == null ? TlsVersion.TLS_1_2 : TlsVersion.parse(tlsVersion);
        TlsVersion max = tlsMaxVersion == null ? TlsVersion.TLS_1_3 : TlsVersion.parse(tlsMaxVersion);
        b.versions(min, max);
        if (acceptAnyCertificate) {
            b.insecure().acceptAnyServerCertificate();
        } else if (insecure) {
            b.insecure().skipHostnameVerification();
            command.commandLine().getErr().println("Warning: --insecure: the broker's certificate is not checked against the host name; "
                    + "any certificate of the CA is accepted");
        }
        if (proxy != null) {
            if (proxy.equals("env")) b.proxyFromEnvironment();
            else b.proxy(io.iotls.transport.TunnelProxy.parse(proxy));
        }
        if (legacyPki) b.validationProfile(io.iotls.transport.verify.ValidationProfile.LEGACY_PKI);
        if (pskAllowShort) b.insecure().allowShortPreSharedKey();
        if (serverName != null) b.serverName(serverName);
        if (!alpn.isEmpty()) b.alpn(alpn.toArray(String[]::new));
        if (timeoutSeconds <= 0) throw new IllegalArgumentException("--tls-timeout must be positive");
        b.connectTimeout(Duration.ofSeconds(timeoutSeconds)).handshakeTimeout(Duration.ofSeconds(timeoutSeconds));
        if (cafile == null && capath == null && trustStore == null && !systemRoots && !acceptAnyCertificate && psk == null) {
            throw new IllegalArgumentException("no CA to verify the broker: give --cafile or --capath (or --system-roots "
                    + "for a public broker, or --psk/--psk-identity for PSK)");
        }
        return b.build();
    }

    Password keyPassword() {
        if (keyPasswordEnv != null) {
            String value = System.getenv(keyPasswordEnv);
            if (value == null) throw new IllegalArgumentException("environment variable " + keyPasswordEnv + " (--keypass-env) is not set");
            return Password.of(value);
        }
        return keyPassword == null ? null : Password.of(keyPassword);
    }
}
