package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.internal.crypto.Tls13Resumption;

import io.iotls.transport.verify.HostnameCheck;
import io.iotls.transport.CipherSuite;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.TlsAlert;
import io.iotls.transport.TlsVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Vector;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;

/**
 * Our Bouncy Castle client: offers what the options say, hands the server's certificate to
 * {@link ServerCertificateCheck} and tells the trace what the stack negotiated.
 */
final class BcTlsClient extends AbstractTlsClient {
    private final ClientSetup setup;
    private final String host;
    private final String sessionKey;
    private final TraceRecorder trace;
    private final byte[] pskIdentity;
    /** The TLS 1.3 ticket this handshake offers, taken from the store on first use; null if none. */
    private SessionTicket ticket;
    private TlsPSKExternal offeredTicket;
    private boolean ticketTaken;
    private boolean resumedByTicket;
    /** Set when a TLS 1.3 handshake completes, read when the server's tickets arrive (on the reader thread). */
    private volatile TlsSecret resumptionMasterSecret;
    private volatile Certificate sessionServerChain;

    BcTlsClient(ClientSetup setup, String host, int port, TraceRecorder trace) {
        super(setup.crypto());
        this.setup = setup;
        this.host = host;
        this.trace = trace;
        this.sessionKey = host + ":" + port + "/" + expectedName();
        this.pskIdentity = setup.options().psk().map(p -> p.identity().getBytes(StandardCharsets.UTF_8)).orElse(null);
        setup.options().psk().filter(p -> p.key().length() < io.iotls.transport.PskKey.MIN_BYTES).ifPresent(p -> trace.warning(
                "the PSK key has only " + p.key().length() + " bytes (allowed explicitly): it can be guessed offline from one "
                        + "recorded handshake; use 16 random bytes or more"));
    }

    String expectedName() {
        return setup.options().serverName().orElse(host);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return Versions.range(setup.options().minVersion(), setup.options().maxVersion());
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        int[] wanted = offeredSuites().stream().mapToInt(CipherSuite::code).toArray();
        int[] supported = TlsUtils.getSupportedCipherSuites(getCrypto(), wanted);
        TlsPSKExternal resuming = ticketOffer(supported);
        if (resuming == null) return supported;
        // resuming with a ticket: only TLS 1.3 suites of the ticket's hash, so a HelloRetryRequest cannot pick another hash
        // (Bouncy Castle would then send a second ClientHello with the binders' lengths but no binders, and hang)
        int prf = resuming.getPRFAlgorithm();
        return Arrays.stream(supported).filter(s -> !TlsUtils.isValidCipherSuiteForVersion(s, ProtocolVersion.TLSv13) || prf13(s) == prf)
                .toArray();
    }

    List<CipherSuite> offeredSuites() {
        boolean tls12 = setup.options().minVersion() == TlsVersion.TLS_1_2;
        boolean tls13 = setup.options().maxVersion() == TlsVersion.TLS_1_3;
        return setup.options().cipherSuites().stream().filter(s -> s.isTls13() ? tls13 : tls12).toList();
    }

    @Override
    protected Vector<ServerName> getSNIServerNames() {
        String name = expectedName();
        if (!setup.options().sendSni() || HostnameCheck.isIpLiteral(name)) return null; // RFC 6066 3: no IP literals
        Vector<ServerName> names = new Vector<>();
        names.add(new ServerName(NameType.host_name, name.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    @Override
    protected Vector<ProtocolName> getProtocolNames() {
        if (setup.options().alpn().isEmpty()) return null;
        Vector<ProtocolName> names = new Vector<>();
        setup.options().alpn().forEach(p -> names.add(ProtocolName.asUtf8Encoding(p)));
        return names;
    }

    @Override
    public TlsSession getSessionToResume() {
        if (!setup.options().sessionResumption()) return null;
        TlsSession session = setup.sessions().get(sessionKey);
        return session != null && session.isResumable() ? session : null;
    }

    @Override
    public TlsPSKIdentity getPSKIdentity() {
        if (pskIdentity == null) return null;
        return new TlsPSKIdentity() {
            @Override public void skipIdentityHint() {
                if (trace.has(HandshakeStep.SERVER_KEY_EXCHANGE)) trace.detail(HandshakeStep.SERVER_KEY_EXCHANGE, "no PSK identity hint");
                else trace.detail(HandshakeStep.SERVER_HELLO, "no ServerKeyExchange, so no PSK identity hint");
            }
            @Override public void notifyIdentityHint(byte[] hint) {
                trace.detail(HandshakeStep.SERVER_KEY_EXCHANGE, "PSK identity hint: '" + printable(hint) + "'");
            }
            @Override public byte[] getPSKIdentity() { return pskIdentity.clone(); }
            @Override public byte[] getPSK() { return setup.options().psk().get().key().bytes(); }
        };
    }

    @Override
    public Vector<TlsPSKExternal> getExternalPSKs() {
        if (setup.options().maxVersion() != TlsVersion.TLS_1_3) return null;
        Vector<TlsPSKExternal> psks = new Vector<>();
        if (offeredTicket != null) psks.add(offeredTicket); // first: resuming beats a full PSK handshake
        if (pskIdentity != null) {
            byte[] key = setup.options().psk().get().key().bytes();
            try {
                // RFC 8446 4.2.11: an external PSK is bound to a hash: SHA-256, as OpenSSL and mosquitto use, unless the
                // TLS 1.3 suites named all use SHA-384 (a SHA-256 binder could then never verify)
                psks.add(new BasicTlsPSKExternal(pskIdentity.clone(), getCrypto().createSecret(key), externalPskHash()));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        return psks.isEmpty() ? null : psks;
    }

    private int externalPskHash() {
        return ExternalPskHash.of(setup.options().cipherSuites(), setup.options().cipherSuitesNamed());
    }

    /**
     * The signature schemes offered for handshake signatures: none with SHA-1, SHA-224 or MD5, and no DSA (RFC 8446
     * 4.4.3 forbids SHA-1 in TLS 1.3; iotls holds TLS 1.2 to the same), so a server's CertificateVerify or
     * ServerKeyExchange signed with one is refused.
     */
    @Override
    protected Vector getSupportedSignatureAlgorithms() {
        Vector<?> all = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        Vector<Object> strong = new Vector<>();
        for (Object o : all) {
            var a = (org.bouncycastle.tls.SignatureAndHashAlgorithm) o;
            short hash = a.getHash();
            boolean weakHash = hash == org.bouncycastle.tls.HashAlgorithm.md5 || hash == org.bouncycastle.tls.HashAlgorithm.sha1
                    || hash == org.bouncycastle.tls.HashAlgorithm.sha224;
            if (!weakHash && a.getSignature() != org.bouncycastle.tls.SignatureAlgorithm.dsa) strong.add(a);
        }
        return strong;
    }

    /**
     * The schemes accepted in certificates (signature_algorithms_cert): Bouncy Castle's full list, so a certificate
     * signed with SHA-1 reaches iotls' own verifier, which refuses it with its rule (or lets it pass under LEGACY_PKI).
     */
    @Override
    protected Vector getSupportedSignatureAlgorithmsCert() {
        return TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
    }

    /**
     * psk_key_exchange_modes in every TLS 1.3 ClientHello (without it JSSE servers, HiveMQ's among them, issue no session
     * tickets), and the extensions in an order that survives a HelloRetryRequest ({@link StableOrderExtensions}).
     */
    @Override
    public java.util.Hashtable getClientExtensions() throws IOException {
        @SuppressWarnings("unchecked")
        java.util.Hashtable<Integer, byte[]> fromBc = super.getClientExtensions();
        java.util.Hashtable<Integer, byte[]> extensions = fromBc == null ? new StableOrderExtensions(java.util.Map.of(),
                java.util.Collections.emptyEnumeration()) : new StableOrderExtensions(fromBc, fromBc.keys());
        if (setup.options().maxVersion() == TlsVersion.TLS_1_3 && setup.options().sessionResumption()
                && org.bouncycastle.tls.TlsExtensionsUtils.getPSKKeyExchangeModesExtension(extensions) == null) {
            org.bouncycastle.tls.TlsExtensionsUtils.addPSKKeyExchangeModesExtension(extensions,
                    new short[] {org.bouncycastle.tls.PskKeyExchangeMode.psk_dhe_ke});
        }
        return extensions;
    }

    /** The ticket offered for TLS 1.3 resumption: the newest one whose hash an offered suite uses, taken once. */
    private TlsPSKExternal ticketOffer(int[] suites) {
        if (!ticketTaken) {
            ticketTaken = true;
            if (keepsTickets()) {
                Set<Integer> prfs = Arrays.stream(suites).filter(s -> TlsUtils.isValidCipherSuiteForVersion(s, ProtocolVersion.TLSv13))
                        .mapToObj(BcTlsClient::prf13).collect(Collectors.toSet());
                ticket = setup.tickets().take(sessionKey, prfs::contains, System.nanoTime());
                if (ticket != null) {
                    offeredTicket = ticket.toOfferedPsk(setup.crypto());
                    ticket.wipe();
                }
            }
        }
        return offeredTicket;
    }

    private static int prf13(int suite) {
        return suite == org.bouncycastle.tls.CipherSuite.TLS_AES_256_GCM_SHA384 ? PRFAlgorithm.tls13_hkdf_sha384 : PRFAlgorithm.tls13_hkdf_sha256;
    }

    boolean keepsTickets() {
        return setup.options().sessionResumption();
    }

    /** The TLS 1.3 handshake is completing: keep what the server's tickets will need. */
    void tls13HandshakeCompleting(TlsSecret resumptionMasterSecret, Certificate serverChain) {
        this.resumptionMasterSecret = resumptionMasterSecret;
        this.sessionServerChain = resumedByTicket ? ticket.serverChain() : serverChain;
    }

    /** A NewSessionTicket arrived: derive its PSK and keep it for the next connection to this server; false if not kept. */
    boolean ticketReceived(long lifetimeSeconds, byte[] nonce, byte[] identity) throws IOException {
        TlsSecret master = resumptionMasterSecret;
        if (master == null || lifetimeSeconds == 0) return false;
        var params = context.getSecurityParametersConnection();
        byte[] psk = Tls13Resumption.ticketPsk(master, params.getPRFCryptoHashAlgorithm(), nonce);
        try {
            setup.tickets().add(sessionKey, new SessionTicket(identity, psk, params.getPRFAlgorithm(), sessionServerChain,
                    lifetimeSeconds, System.nanoTime()));
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
        return true;
    }

    /** The server chain of a session resumed with a ticket (the handshake itself carries none); null otherwise. */
    Certificate resumedServerChain() {
        return resumedByTicket ? sessionServerChain : null;
    }

    boolean resumedByTicket() {
        return resumedByTicket;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new ServerCertificateCheck(setup, context, expectedName(), trace);
    }

    @Override
    public void notifyServerVersion(ProtocolVersion version) throws IOException {
        super.notifyServerVersion(version);
        trace.version(Versions.of(version));
        trace.detail(helloOrRetry(), "version " + trace.version().get());
    }

    /** Version and suite come in a HelloRetryRequest too: their details go to the message that carried them. */
    private HandshakeStep helloOrRetry() {
        return trace.lastStepBy(HandshakeStep.Sender.SERVER).filter(s -> s == HandshakeStep.HELLO_RETRY_REQUEST).orElse(HandshakeStep.SERVER_HELLO);
    }

    @Override
    public void notifySelectedCipherSuite(int suite) {
        super.notifySelectedCipherSuite(suite);
        CipherSuite.fromCode(suite).ifPresent(trace::cipherSuite);
        trace.detail(helloOrRetry(), "cipher suite " + CipherSuite.fromCode(suite).map(CipherSuite::ianaName)
                .orElse(String.format("0x%04X", suite)));
    }

    @Override
    public void notifySelectedPSK(TlsPSK selectedPSK) throws IOException {
        super.notifySelectedPSK(selectedPSK);
        if (selectedPSK != null && selectedPSK == offeredTicket) {
            resumedByTicket = true;
            trace.resumed(true);
        } else if (offeredTicket != null) {
            trace.detail(HandshakeStep.SERVER_HELLO, "server did not accept our session ticket: full handshake");
        }
        if (selectedPSK != null && selectedPSK != offeredTicket) {
            trace.detail(HandshakeStep.SERVER_HELLO, "server accepted PSK identity '" + printable(selectedPSK.getIdentity()) + "'");
        } else if (selectedPSK == null && pskIdentity != null && TlsUtils.isTLSv13(context)) {
            trace.detail(HandshakeStep.SERVER_HELLO, "server did NOT accept our PSK");
        }
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        TlsAlert.fromCode(description).ifPresent(trace::localAlert);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        TlsAlert.fromCode(description).ifPresent(trace::peerAlert);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        var params = context.getSecurityParametersConnection();
        trace.resumed(params.isResumedSession() || resumedByTicket);
        ticket = null; // offered and used: only its chain (kept above) is needed from now on
        offeredTicket = null;
        TlsSession session = context.getSession();
        if (setup.options().sessionResumption() && session != null && session.isResumable()) {
            setup.sessions().put(sessionKey, session);
        }
        if (params.getApplicationProtocol() != null) {
            trace.detail(HandshakeStep.SERVER_HELLO, "ALPN: " + params.getApplicationProtocol().getUtf8Decoding());
        }
        if (!TlsUtils.isTLSv13(context)) {
            if (params.isExtendedMasterSecret()) {
                trace.detail(HandshakeStep.SERVER_HELLO, "extended master secret (RFC 7627): the keys are bound to this handshake");
            } else {
                trace.detail(HandshakeStep.SERVER_HELLO, "NO extended master secret (RFC 7627)");
                trace.warning("the server does not use the extended master secret (RFC 7627): the session keys are not bound "
                        + "to this handshake, which lets a man in the middle join two sessions (triple handshake); "
                        + "require it with requireExtendedMasterSecret(true) once the broker supports it");
            }
        }
    }

    /**
     * Bouncy Castle may read handshake messages up to 1 MiB (a bound on memory); iotls' own limit is checked when the
     * message is handed over ({@code TracingClientProtocol}), so an oversized one is named at its step with
     * illegal_parameter, where Bouncy Castle's own limit would end the handshake with internal_error before the trace
     * knew the message.
     */
    @Override
    public int getMaxHandshakeMessageSize() {
        return 1 << 20;
    }

    /** RFC 6066 status_request: ask for a stapled OCSP response unless the revocation policy ignores them. */
    @Override
    public org.bouncycastle.tls.CertificateStatusRequest getCertificateStatusRequest() {
        if (setup.options().revocation().ocspStapling() == io.iotls.transport.RevocationPolicy.Mode.IGNORE) return null;
        return new org.bouncycastle.tls.CertificateStatusRequest(org.bouncycastle.tls.CertificateStatusType.ocsp,
                new org.bouncycastle.tls.OCSPStatusRequest(null, null));
    }

    /** RFC 7627: refuse a TLS 1.2 server that does not use the extended master secret, if the options say so. */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return setup.options().requireExtendedMasterSecret();
    }

    /** What the ClientHello offers, for the trace; nothing secret. */
    List<String> describeClientHello() {
        List<String> d = new ArrayList<>();
        ProtocolVersion[] versions = getSupportedVersions();
        d.add("offers " + String.join(", ", Arrays.stream(versions).map(v -> v.equals(ProtocolVersion.TLSv13) ? "TLS 1.3" : "TLS 1.2").toList())
                + "; " + getCipherSuites().length + " cipher suites");
        Vector<ServerName> sni = getSNIServerNames();
        d.add(sni == null ? "no SNI (" + (HostnameCheck.isIpLiteral(expectedName()) ? "IP address" : "disabled") + ")"
                : "SNI " + expectedName());
        if (pskIdentity != null) {
            d.add("PSK identity '" + printable(pskIdentity) + "'"
                    + (setup.options().maxVersion() == TlsVersion.TLS_1_3 ? " (TLS 1.3 external PSK, psk_dhe_ke; TLS 1.2 PSK suites)" : " (TLS 1.2 PSK suites)"));
        }
        if (offeredTicket != null) d.add("offers a TLS 1.3 session ticket to resume (PSK with (EC)DHE)");
        if (!setup.options().alpn().isEmpty()) d.add("ALPN " + String.join(",", setup.options().alpn()));
        TlsSession resume = getSessionToResume();
        if (resume != null) d.add("resuming session " + HexFormat.of().formatHex(resume.getSessionID()).substring(0, 16) + "...");
        return d;
    }

    static String namedGroup(int group) {
        return NamedGroup.getName(group);
    }

    static String printable(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? s : "0x" + HexFormat.of().formatHex(bytes);
    }
}
