package io.iotls.transport;

import io.iotls.transport.verify.ValidationProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a {@link TlsServerEndpoint}, immutable; the same functions as the client side, seen from the broker:
 * server certificate and key, CAs for client certificates, CRLs for them, PSK identities, suites and versions.
 */
public final class TlsServerOptions {
    private final CertificateSource certificate;
    private final TrustSource clientTrust;
    private final ClientAuth clientAuth;
    private final List<Path> crlFiles;
    private final CrlScope crlScope;
    private final ValidationProfile validationProfile;
    private final Map<String, PskKey> pskKeys;
    private final String pskHint;
    private final List<CipherSuite> cipherSuites;
    private final TlsVersion minVersion;
    private final TlsVersion maxVersion;
    private final Duration handshakeTimeout;
    private final boolean sessionResumption;
    private final Duration sessionLifetime;
    private final int sessionCacheSize;
    private final int maxConnections;

    private TlsServerOptions(Builder b) {
        certificate = b.certificate;
        clientTrust = b.clientTrust;
        clientAuth = b.clientAuth;
        crlFiles = List.copyOf(b.crlFiles);
        crlScope = b.crlScope;
        validationProfile = b.validationProfile;
        pskKeys = Map.copyOf(b.pskKeys);
        pskHint = b.pskHint;
        cipherSuites = b.cipherSuites;
        minVersion = b.minVersion;
        maxVersion = b.maxVersion;
        handshakeTimeout = b.handshakeTimeout;
        sessionResumption = b.sessionResumption;
        sessionLifetime = b.sessionLifetime;
        sessionCacheSize = b.sessionCacheSize;
        maxConnections = b.maxConnections;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<CertificateSource> certificate() { return Optional.ofNullable(certificate); }
    public TrustSource clientTrust() { return clientTrust; }
    public ClientAuth clientAuth() { return clientAuth; }
    public List<Path> crlFiles() { return crlFiles; }
    public CrlScope crlScope() { return crlScope; }
    /** How strictly client certificates are judged: STRICT unless LEGACY_PKI was chosen. */
    public ValidationProfile validationProfile() { return validationProfile; }
    /** PSK keys by identity; never printed. */
    public Map<String, PskKey> pskKeys() { return pskKeys; }
    public Optional<String> pskHint() { return Optional.ofNullable(pskHint); }
    public TlsVersion minVersion() { return minVersion; }
    public TlsVersion maxVersion() { return maxVersion; }
    public Duration handshakeTimeout() { return handshakeTimeout; }
    public boolean sessionResumption() { return sessionResumption; }
    /** How long after its full handshake a TLS 1.2 session may be resumed (default 24 h). */
    public Duration sessionLifetime() { return sessionLifetime; }
    /** How many TLS 1.2 sessions are kept for resumption, the least recently used dropped first (default 10,000). */
    public int sessionCacheSize() { return sessionCacheSize; }
    public int maxConnections() { return maxConnections; }

    /** True if the suites were named explicitly rather than defaulted. */
    public boolean cipherSuitesNamed() { return cipherSuites != null; }

    /** Suites accepted: those named, or the secure defaults (PSK suites too when PSK keys are set). */
    public List<CipherSuite> cipherSuites() {
        if (cipherSuites != null) return maxVersion == TlsVersion.TLS_1_3 ? CipherSuite.withTls13Defaults(cipherSuites) : cipherSuites;
        List<CipherSuite> all = new ArrayList<>();
        if (certificate != null) all.addAll(CipherSuite.defaultsForCertificates());
        if (!pskKeys.isEmpty()) {
            CipherSuite.defaultsForPsk().stream().filter(s -> !all.contains(s)).forEach(all::add);
        }
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "TlsServerOptions[certificate=" + certificate + ", clientAuth=" + clientAuth + ", clientTrust="
                + clientTrust.describe() + ", crls=" + crlFiles + ", psk identities=" + pskKeys.keySet()
                + " (keys [redacted]), versions=" + minVersion + ".." + maxVersion + "]";
    }

    public static final class Builder {
        private CertificateSource certificate;
        private TrustSource clientTrust = TrustSource.NONE;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private final List<Path> crlFiles = new ArrayList<>();
        private CrlScope crlScope = CrlScope.CHAIN;
        private ValidationProfile validationProfile = ValidationProfile.STRICT;
        private final Map<String, PskKey> pskKeys = new LinkedHashMap<>();
        private boolean allowShortPsk;
        private String pskHint;
        private List<CipherSuite> cipherSuites;
        private TlsVersion minVersion = TlsVersion.TLS_1_2;
        private TlsVersion maxVersion = TlsVersion.TLS_1_3;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private boolean sessionResumption = true;
        private Duration sessionLifetime = Duration.ofHours(24);
        private int sessionCacheSize = 10_000;
        private int maxConnections = 1000;

        private Builder() {}

        /** The server's certificate (chain: leaf first, intermediates after) and private key. */
        public Builder certificate(Path certificateFile, Path keyFile, Password keyPassword) {
            certificate = CertificateSource.pem(certificateFile, keyFile, keyPassword);
            return this;
        }

        public Builder certificate(CertificateSource source) { certificate = source; return this; }

        /** Ask for client certificates signed by the CAs in this file; mosquitto's cafile with require_certificate. */
        public Builder clientCaFile(Path file, ClientAuth auth) {
            clientTrust = clientTrust.withCaFile(file);
            clientAuth = Objects.requireNonNull(auth);
            return this;
        }

        public Builder clientCaDirectory(Path dir, ClientAuth auth) {
            clientTrust = clientTrust.withCaDirectory(dir);
            clientAuth = Objects.requireNonNull(auth);
            return this;
        }

        /** CRLs against which client certificates are checked; repeatable. */
        public Builder crlFile(Path file) { crlFiles.add(Objects.requireNonNull(file)); return this; }

        public Builder crlScope(CrlScope scope) { crlScope = scope; return this; }

        /** How strictly client certificates are judged (docs/validation.md); default STRICT. */
        public Builder validationProfile(ValidationProfile profile) { validationProfile = java.util.Objects.requireNonNull(profile); return this; }

        /** Accept this PSK identity with this key (TLS 1.2 PSK suites and TLS 1.3 external PSK). */
        public Builder psk(String identity, PskKey key) {
            new PreSharedKey(identity, key); // validates the identity
            pskKeys.put(identity, key);
            return this;
        }

        /** The identity hint sent in a TLS 1.2 ServerKeyExchange (mosquitto's psk_hint). */
        public Builder pskHint(String hint) { pskHint = hint; return this; }

        public Builder cipherSuites(List<CipherSuite> suites) {
            if (suites.isEmpty()) throw new IllegalArgumentException("at least one cipher suite is required");
            cipherSuites = List.copyOf(suites);
            return this;
        }

        public Builder cipherSuites(String list) { return cipherSuites(CipherSuite.parseList(list)); }

        public Builder versions(TlsVersion min, TlsVersion max) {
            if (min.compareTo(max) > 0) throw new IllegalArgumentException("minimum TLS version " + min + " is above the maximum " + max);
            minVersion = min;
            maxVersion = max;
            return this;
        }

        /** A client that has not finished its handshake in this time is disconnected. Default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("a timeout must be positive");
            handshakeTimeout = timeout;
            return this;
        }

        public Builder sessionResumption(boolean resume) { sessionResumption = resume; return this; }

        /** How long after its full handshake a session may be resumed; default 24 hours. */
        public Builder sessionLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) throw new IllegalArgumentException("a session lifetime must be positive");
            sessionLifetime = lifetime;
            return this;
        }

        /** How many sessions are kept for resumption (least recently used dropped first); default 10,000. */
        public Builder sessionCacheSize(int size) {
            if (size < 1) throw new IllegalArgumentException("the session cache holds at least 1 session");
            sessionCacheSize = size;
            return this;
        }

        /** Connections served at once; more wait in the accept backlog. Default 1000. */
        public Builder maxConnections(int max) {
            if (max < 1) throw new IllegalArgumentException("maxConnections must be at least 1");
            maxConnections = max;
            return this;
        }

        /**
         * Accept PSK keys under {@value PskKey#MIN_BYTES} bytes, as old devices may have: such a key can be guessed
         * offline from one recorded handshake.
         */
        public Builder allowShortPreSharedKeys() {
            allowShortPsk = true;
            return this;
        }

        public TlsServerOptions build() {
            for (var e : pskKeys.entrySet()) {
                if (e.getValue().length() < PskKey.MIN_BYTES && !allowShortPsk) {
                    throw new IllegalArgumentException("the PSK key of identity '" + e.getKey() + "' has " + e.getValue().length()
                            + " bytes; at least " + PskKey.MIN_BYTES + " are needed (allowShortPreSharedKeys() allows it)");
                }
            }
            if (certificate == null && pskKeys.isEmpty()) {
                throw new IllegalArgumentException("a TLS server needs a certificate and key, or PSK identities, or both");
            }
            if (clientAuth != ClientAuth.NONE && clientTrust.isEmpty()) {
                throw new IllegalArgumentException("client certificates are requested but no CA is given to verify them");
            }
            return new TlsServerOptions(this);
        }
    }
}
