package io.iotls.transport;

import io.iotls.transport.verify.ValidationProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Client-side TLS options, immutable and thread-safe. Secure by default: TLS 1.3 and 1.2, forward-secret AEAD suites,
 * server certificate and hostname checked. Certificate checks can be switched off only through {@link Builder#insecure()}.
 * <pre>{@code
 * TlsOptions serverAuth = TlsOptions.builder().caFile(Path.of("ca.crt")).build();
 * TlsOptions mutual = serverAuth.toBuilder().clientCertificate(Path.of("client.crt"), Path.of("client.key"), null).build();
 * TlsOptions psk = TlsOptions.builder().psk("device-1", PskKey.ofHex("1a2b3c...")).build();
 * }</pre>
 */
public final class TlsOptions {
    private final TrustSource trust;
    private final CertificateSource clientCertificate;
    private final RevocationPolicy revocation;
    private final ValidationProfile validationProfile;
    private final Integer maxIntermediates;
    private final boolean requireExtendedMasterSecret;
    private final TunnelProxy proxy;
    private final boolean proxyFromEnvironment;
    private final java.net.InetAddress localAddress;
    private final Duration expiryWarning;
    private final PreSharedKey psk;
    private final List<CipherSuite> cipherSuites;
    private final TlsVersion minVersion;
    private final TlsVersion maxVersion;
    private final boolean hostnameVerification;
    private final String serverName;
    private final boolean sendSni;
    private final List<String> alpn;
    private final boolean insecure;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final boolean sessionResumption;

    private TlsOptions(Builder b) {
        this.trust = b.trust;
        this.clientCertificate = b.clientCertificate;
        this.revocation = b.revocation.build();
        this.validationProfile = b.validationProfile;
        this.maxIntermediates = b.maxIntermediates;
        this.requireExtendedMasterSecret = b.requireExtendedMasterSecret;
        this.proxy = b.proxy;
        this.proxyFromEnvironment = b.proxyFromEnvironment;
        this.localAddress = b.localAddress;
        this.expiryWarning = b.expiryWarning;
        this.psk = b.psk;
        this.cipherSuites = b.cipherSuites == null ? null : List.copyOf(b.cipherSuites);
        this.minVersion = b.minVersion;
        this.maxVersion = b.maxVersion;
        this.hostnameVerification = b.hostnameVerification;
        this.serverName = b.serverName;
        this.sendSni = b.sendSni;
        this.alpn = List.copyOf(b.alpn);
        this.insecure = b.insecure;
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.sessionResumption = b.sessionResumption;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public TrustSource trust() { return trust; }
    public Optional<CertificateSource> clientCertificate() { return Optional.ofNullable(clientCertificate); }
    /** Revocation checks of the broker's certificate: the stapled OCSP response and CRLs. */
    public RevocationPolicy revocation() { return revocation; }
    public List<Path> crlFiles() { return revocation.crlFiles(); }
    public CrlScope crlScope() { return revocation.crlScope(); }
    public boolean acceptStaleCrls() { return revocation.acceptStaleCrls(); }

    /** How strictly the broker's certificate is judged: STRICT unless LEGACY_PKI was chosen. */
    public ValidationProfile validationProfile() { return validationProfile; }

    /**
     * The proxy a connection to {@code host} goes through: the one set, or with {@link Builder#proxyFromEnvironment()}
     * the one {@code HTTPS_PROXY}/{@code ALL_PROXY} name unless {@code NO_PROXY} lists the host; empty: direct.
     */
    public java.util.Optional<TunnelProxy> proxyFor(String host) {
        if (proxy != null) return java.util.Optional.of(proxy);
        return proxyFromEnvironment ? TunnelProxy.fromEnvironment(host, System.getenv()) : java.util.Optional.empty();
    }

    /** The local address connections are made from (mosquitto's {@code -A}); empty: the system chooses. */
    public Optional<java.net.InetAddress> localAddress() { return Optional.ofNullable(localAddress); }

    /** How long before a certificate expires every connection warns about it (default 30 days). */
    public Duration expiryWarning() { return expiryWarning; }

    /** True if a TLS 1.2 server must use the extended master secret (RFC 7627). */
    public boolean requireExtendedMasterSecret() { return requireExtendedMasterSecret; }

    /** The most intermediate CA certificates a broker's path may have, if limited. */
    public java.util.OptionalInt maxIntermediates() {
        return maxIntermediates == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(maxIntermediates);
    }
    public boolean requireCrlForEveryIssuer() { return revocation.crls() == RevocationPolicy.Mode.REQUIRE; }
    public Optional<PreSharedKey> psk() { return Optional.ofNullable(psk); }
    public TlsVersion minVersion() { return minVersion; }
    public TlsVersion maxVersion() { return maxVersion; }
    public boolean hostnameVerification() { return hostnameVerification; }
    /** The name to verify and send as SNI instead of the host connected to. */
    public Optional<String> serverName() { return Optional.ofNullable(serverName); }
    public boolean sendSni() { return sendSni; }
    public List<String> alpn() { return alpn; }
    /** True when server certificates are not checked at all. */
    public boolean isInsecure() { return insecure; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration handshakeTimeout() { return handshakeTimeout; }
    public boolean sessionResumption() { return sessionResumption; }

    /** The suites offered: those named, or the secure defaults for certificate or PSK authentication. */
    public List<CipherSuite> cipherSuites() {
        List<CipherSuite> named = cipherSuites != null ? cipherSuites
                : psk != null ? CipherSuite.defaultsForPsk() : CipherSuite.defaultsForCertificates();
        return maxVersion == TlsVersion.TLS_1_3 ? CipherSuite.withTls13Defaults(named) : named;
    }

    /** True if the suites were named explicitly rather than defaulted. */
    public boolean cipherSuitesNamed() {
        return cipherSuites != null;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(insecure ? "INSECURE TlsOptions[server certificate NOT verified, " : "TlsOptions[");
        s.append("trust=").append(trust.describe());
        if (clientCertificate != null) s.append(", client=").append(clientCertificate);
        if (psk != null) s.append(", psk=").append(psk);
        if (!revocation.crlFiles().isEmpty() || revocation.ocspStapling() != RevocationPolicy.Mode.SOFT) s.append(", ").append(revocation);
        s.append(", versions=").append(minVersion).append("..").append(maxVersion);
        if (cipherSuites != null) s.append(", suites=").append(cipherSuites);
        if (!hostnameVerification) s.append(", hostname NOT verified");
        if (validationProfile != ValidationProfile.STRICT) s.append(", profile=").append(validationProfile);
        if (serverName != null) s.append(", serverName=").append(serverName);
        if (proxy != null) s.append(", proxy=").append(proxy);
        if (proxyFromEnvironment) s.append(", proxy from environment");
        return s.append(']').toString();
    }

    public static final class Builder {
        private TrustSource trust = TrustSource.NONE;
        private CertificateSource clientCertificate;
        private RevocationPolicy.Builder revocation = RevocationPolicy.builder();
        private ValidationProfile validationProfile = ValidationProfile.STRICT;
        private Integer maxIntermediates;
        private boolean requireExtendedMasterSecret;
        private TunnelProxy proxy;
        private boolean proxyFromEnvironment;
        private java.net.InetAddress localAddress;
        private Duration expiryWarning = Duration.ofDays(30);
        private PreSharedKey psk;
        private List<CipherSuite> cipherSuites;
        private TlsVersion minVersion = TlsVersion.TLS_1_2;
        private TlsVersion maxVersion = TlsVersion.TLS_1_3;
        private boolean hostnameVerification = true;
        private String serverName;
        private boolean sendSni = true;
        private final List<String> alpn = new ArrayList<>();
        private boolean insecure;
        private boolean allowShortPsk;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private boolean sessionResumption = true;

        private Builder() {}

        private Builder(TlsOptions o) {
            trust = o.trust;
            clientCertificate = o.clientCertificate;
            revocation = o.revocation.toBuilder();
            validationProfile = o.validationProfile;
            maxIntermediates = o.maxIntermediates;
            requireExtendedMasterSecret = o.requireExtendedMasterSecret;
            proxy = o.proxy;
            proxyFromEnvironment = o.proxyFromEnvironment;
            localAddress = o.localAddress;
            expiryWarning = o.expiryWarning;
            psk = o.psk;
            cipherSuites = o.cipherSuites;
            minVersion = o.minVersion;
            maxVersion = o.maxVersion;
            hostnameVerification = o.hostnameVerification;
            serverName = o.serverName;
            sendSni = o.sendSni;
            alpn.addAll(o.alpn);
            insecure = o.insecure;
            connectTimeout = o.connectTimeout;
            handshakeTimeout = o.handshakeTimeout;
            sessionResumption = o.sessionResumption;
        }

        /** CA certificates (PEM, one or more, or DER) that may sign the broker's certificate; mosquitto's --cafile. */
        public Builder caFile(Path file) { trust = trust.withCaFile(Objects.requireNonNull(file)); return this; }

        /** A directory of PEM CA certificates (and CRLs); mosquitto's --capath. Hashed names are not required. */
        public Builder caDirectory(Path dir) { trust = trust.withCaDirectory(Objects.requireNonNull(dir)); return this; }

        /** A PKCS#12 or JKS trust store; every certificate in it is a trust anchor. */
        public Builder trustStore(Path store, Password password) { trust = trust.withTrustStore(store, password); return this; }

        /** Also trust the JDK's system roots (for public brokers such as AWS IoT). Off by default. */
        public Builder systemRoots() { trust = trust.withSystemRoots(); return this; }

        /** CA certificates the application already holds (e.g. from its own store or a secrets manager). */
        public Builder trustAnchors(java.util.Collection<java.security.cert.X509Certificate> certificates) {
            trust = trust.withCertificates(certificates);
            return this;
        }

        /** CA certificates as PEM text in memory (one or more BEGIN CERTIFICATE blocks). */
        public Builder caPem(String pemText) {
            trust = trust.withCertificates(TrustSource.parsePem(pemText));
            return this;
        }

        /** The certificate entries of a loaded {@link java.security.KeyStore} as CA certificates. */
        public Builder trustStore(java.security.KeyStore store) {
            trust = trust.withCertificates(TrustSource.certificatesOf(store));
            return this;
        }

        /** Client certificate (chain) and key in PEM/DER; {@code keyPassword} for an encrypted key, else null. */
        public Builder clientCertificate(Path certificateFile, Path keyFile, Password keyPassword) {
            clientCertificate = CertificateSource.pem(certificateFile, keyFile, keyPassword);
            return this;
        }

        public Builder clientCertificate(CertificateSource source) { clientCertificate = source; return this; }

        /** A CRL file (PEM, possibly several CRLs, or DER); repeatable. */
        public Builder crlFile(Path file) { revocation.crlFile(file); return this; }

        public Builder crlScope(CrlScope scope) { revocation.crlScope(scope); return this; }

        /** Accept a CRL past its nextUpdate, with a warning in the trace. Off by default: a stale CRL is an error. */
        public Builder acceptStaleCrls(boolean accept) { revocation.acceptStaleCrls(accept); return this; }

        /** Fail when an issuer in the chain has no CRL. Off by default: only issuers with a CRL are checked. */
        public Builder requireCrlForEveryIssuer(boolean require) {
            revocation.crls(require ? RevocationPolicy.Mode.REQUIRE : RevocationPolicy.Mode.SOFT);
            return this;
        }

        /**
         * The stapled OCSP response: SOFT (default) asks for it and fails on "revoked"; REQUIRE fails without a good,
         * current one signed by the certificate's issuer or its delegated responder; IGNORE does not ask.
         */
        public Builder ocspStapling(RevocationPolicy.Mode mode) { revocation.ocspStapling(mode); return this; }

        /** Every revocation setting at once, replacing the CRL and OCSP settings made before. */
        public Builder revocation(RevocationPolicy policy) { revocation = policy.toBuilder(); return this; }

        /**
         * How strictly certificates are judged (docs/validation.md). {@link ValidationProfile#LEGACY_PKI} lets old
         * plant PKIs pass (no key identifiers, v1 roots, RSA 1024, SHA-1, ...) and warns on every connection.
         */
        public Builder validationProfile(ValidationProfile profile) { validationProfile = Objects.requireNonNull(profile); return this; }

        /** Warn on every connection when our certificate, a CA of ours or one in the broker's path expires within this; default 30 days. */
        public Builder expiryWarning(Duration ahead) { expiryWarning = positive(ahead); return this; }

        /** Connect through this proxy (HTTP CONNECT or SOCKS5), e.g. {@code TunnelProxy.parse("socks5h://gw:1080")}. */
        public Builder proxy(TunnelProxy through) { proxy = Objects.requireNonNull(through); return this; }

        /** Connect from this local address (one of this machine's), as mosquitto's {@code -A}. */
        public Builder localAddress(java.net.InetAddress address) { localAddress = Objects.requireNonNull(address); return this; }

        /** Connect through the proxy the environment names (HTTPS_PROXY, ALL_PROXY, honouring NO_PROXY), if any. */
        public Builder proxyFromEnvironment() { proxyFromEnvironment = true; return this; }

        /**
         * Refuse a TLS 1.2 server that does not use the extended master secret (RFC 7627). Off by default, as some old
         * brokers lack it; the trace warns on every such connection either way. TLS 1.3 always binds its keys.
         */
        public Builder requireExtendedMasterSecret(boolean require) { requireExtendedMasterSecret = require; return this; }

        /** At most this many intermediate CA certificates between the broker's certificate and the trusted CA. */
        public Builder maxIntermediates(int max) {
            if (max < 0) throw new IllegalArgumentException("maxIntermediates must be 0 or more, not " + max);
            maxIntermediates = max;
            return this;
        }

        /** Authenticate with a pre-shared key instead of certificates (TLS 1.2 PSK suites, TLS 1.3 psk_dhe_ke). */
        public Builder psk(String identity, PskKey key) { psk = new PreSharedKey(identity, key); return this; }

        public Builder psk(PreSharedKey key) { psk = key; return this; }

        /** The suites to offer, in order of preference; TLS 1.2 and TLS 1.3 suites may be mixed. */
        public Builder cipherSuites(List<CipherSuite> suites) {
            if (suites.isEmpty()) throw new IllegalArgumentException("at least one cipher suite is required");
            cipherSuites = List.copyOf(suites);
            return this;
        }

        /** Suites by IANA or OpenSSL names, separated by ':' or ','; unknown names are an error. */
        public Builder cipherSuites(String list) { return cipherSuites(CipherSuite.parseList(list)); }

        public Builder versions(TlsVersion min, TlsVersion max) {
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("minimum TLS version " + min + " is above the maximum " + max);
            }
            minVersion = min;
            maxVersion = max;
            return this;
        }

        /** Expect and send (SNI) this name instead of the host connected to; mosquitto's --tls-alpn is different. */
        public Builder serverName(String name) { serverName = name; return this; }

        public Builder sendSni(boolean send) { sendSni = send; return this; }

        /** ALPN protocol names to offer, e.g. {@code mqtt} for AWS IoT on port 443. */
        public Builder alpn(String... protocols) { alpn.addAll(List.of(protocols)); return this; }

        public Builder connectTimeout(Duration timeout) { connectTimeout = positive(timeout); return this; }

        public Builder handshakeTimeout(Duration timeout) { handshakeTimeout = positive(timeout); return this; }

        /** Resume TLS 1.2 sessions on reconnect to the same server. On by default. */
        public Builder sessionResumption(boolean resume) { sessionResumption = resume; return this; }

        /**
         * The only way to switch off server certificate checks. In this mode TLS is open to man-in-the-middle
         * attacks; use it only for testing. Every connection logs a warning.
         */
        public Insecure insecure() { return new Insecure(this); }

        public TlsOptions build() {
            if (psk != null && psk.key().length() < PskKey.MIN_BYTES && !allowShortPsk) {
                throw new IllegalArgumentException("the PSK key has " + psk.key().length() + " bytes; at least " + PskKey.MIN_BYTES
                        + " (128 bits) are needed, as a shorter key can be guessed offline from one recorded handshake "
                        + "(allow it with insecure().allowShortPreSharedKey(), CLI --psk-allow-short)");
            }
            if (psk == null && cipherSuites != null && cipherSuites.stream().allMatch(s -> s.keyExchange().usesPsk())) {
                throw new IllegalArgumentException("the cipher suites named are all PSK suites, but no PSK is set (--psk, --psk-identity)");
            }
            boolean has12 = cipherSuites == null || cipherSuites.stream().anyMatch(s -> !s.isTls13());
            if (maxVersion == TlsVersion.TLS_1_2 && cipherSuites != null && !has12) {
                throw new IllegalArgumentException("only TLS 1.3 suites are named but TLS 1.3 is disabled (max version "
                        + maxVersion + "); name TLS 1.2 suites too");
            }
            if (minVersion == TlsVersion.TLS_1_3 && cipherSuites != null
                    && cipherSuites.stream().noneMatch(CipherSuite::isTls13) && cipherSuites.stream().anyMatch(s -> s.keyExchange() == CipherSuite.KeyExchange.RSA)) {
                throw new IllegalArgumentException("static RSA suites exist only in TLS 1.2, but the minimum version is TLS 1.3");
            }
            return new TlsOptions(this);
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("a timeout must be positive, got " + d);
            return d;
        }
    }

    /** The one door to unverified server certificates, greppable by name. */
    public static final class Insecure {
        private final Builder builder;

        private Insecure(Builder builder) {
            this.builder = builder;
        }

        /** Accept any server certificate, from anyone: no chain, date, CRL or hostname check. */
        public Builder acceptAnyServerCertificate() {
            builder.insecure = true;
            return builder;
        }

        /**
         * Verify the chain, dates and CRLs, but not that the certificate names the host connected to (RFC 6125): what
         * mosquitto's {@code --insecure} does, for a broker whose certificate names no usable host. Any certificate the
         * CA issued, for any name, is then accepted; prefer {@link Builder#serverName} when the right name is known.
         */
        public Builder skipHostnameVerification() {
            builder.hostnameVerification = false;
            return builder;
        }

        /**
         * Allow a pre-shared key under {@value PskKey#MIN_BYTES} bytes, as old devices may have. A short key can be
         * guessed offline from one recorded handshake; every connection warns.
         */
        public Builder allowShortPreSharedKey() {
            builder.allowShortPsk = true;
            return builder;
        }
    }
}
