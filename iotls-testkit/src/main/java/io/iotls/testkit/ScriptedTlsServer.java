package io.iotls.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A TLS server that breaks the rules on purpose, for tests of how a client copes: Bouncy Castle's own server with
 * hooks, on 127.0.0.1 and a free port, one connection at a time. What it can do: add an extension of any type to its
 * hello (e.g. a GREASE value, RFC 8701 4), refuse a retried ClientHello that changed more than RFC 8446 4.1.2 allows
 * (strict as tlslite-ng), and once the handshake is done run a script that sends alerts of any level
 * and description or a KeyUpdate, and waits for the client's KeyUpdate. The identity must have an EC P-256 key.
 */
public final class ScriptedTlsServer implements AutoCloseable {
    /** What a script can do on an established connection. */
    public interface Session {
        /** An alert record at level warning with this description (a fatal description at warning level, if chosen so). */
        void sendWarningAlert(short description) throws IOException;

        /** A TLS 1.3 KeyUpdate; with {@code updateRequested} the client must answer with its own. */
        void sendKeyUpdate(boolean updateRequested) throws IOException;

        /** True when a KeyUpdate from the client arrives within {@code wait} (data is read meanwhile and dropped). */
        boolean awaitClientKeyUpdate(Duration wait) throws IOException, InterruptedException;
    }

    /** A script run after each handshake. */
    public interface Script {
        void run(Session session) throws Exception;
    }

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closing = new CountDownLatch(1); // a server told to stall waits for this

    private final Builder options;

    private ScriptedTlsServer(Builder b) throws IOException {
        this.options = b;
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("scripted-tls-server").start(() -> serve(b));
    }

    public static Builder builder(Issued identity) {
        return new Builder(identity);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The extension types of each ClientHello received, in the order parsed. */
    public List<List<Integer>> clientHelloExtensionTypes() {
        return List.copyOf(options.clientHelloExtensionOrders);
    }

    /**
     * How each retried ClientHello differed from the first beyond what RFC 8446 4.1.2 allows (the server refuses such a
     * retry with illegal_parameter, as tlslite-ng does); empty for a client that keeps the rule.
     */
    public List<String> retryDifferences() {
        return List.copyOf(options.retryDifferences);
    }

    /** The server's rule on its own: how {@code second} (a retried ClientHello body) breaks RFC 8446 4.1.2 against {@code first}, or null. */
    public static String retryDifference(byte[] first, byte[] second) {
        return Protocol.retryDifference(first, second);
    }

    /** What the client sent back to a scripted close_notify ("warning close_notify", "fatal handshake_failure", ...), waiting at most {@code wait}. */
    public String awaitClientAnswer(Duration wait) throws Exception {
        return options.clientAnswer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Errors of the server side so far (a client that refused the connection shows here too). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        listener.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Builder b) {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                Protocol protocol = new Protocol(s, b, closing);
                protocol.accept(new Server(b, protocol));
                if (b.script != null) b.script.run(protocol);
            } catch (Throwable t) {
                if (!listener.isClosed()) failures.add(t);
            }
        }
    }

    /** Bouncy Castle's server protocol, opened up for the script. */
    private static final class Protocol extends TlsServerProtocol implements Session {
        private final CountDownLatch clientKeyUpdate = new CountDownLatch(1);
        private final Builder options;
        private final CountDownLatch closing;

        private final Socket socket;

        Protocol(Socket socket, Builder options, CountDownLatch closing) throws IOException {
            super(socket.getInputStream(), socket.getOutputStream());
            this.options = options;
            this.closing = closing;
            this.socket = socket;
        }

        @Override
        protected org.bouncycastle.tls.ClientHello receiveClientHelloMessage(ByteArrayInputStream buf) throws IOException {
            byte[] body = buf.readAllBytes();
            options.clientHelloExtensionOrders.add(extensionTypes(body));
            if (firstClientHello == null) {
                firstClientHello = body;
            } else { // the retry after our HelloRetryRequest: as strict as tlslite-ng (RFC 8446 4.1.2)
                String difference = retryDifference(firstClientHello, body);
                if (difference != null) {
                    options.retryDifferences.add(difference);
                    throw new org.bouncycastle.tls.TlsFatalAlert(org.bouncycastle.tls.AlertDescription.illegal_parameter,
                            "second ClientHello: " + difference);
                }
            }
            org.bouncycastle.tls.ClientHello hello = super.receiveClientHelloMessage(new ByteArrayInputStream(body));
            if (options.closeNotifyAfterClientHello) { // close_notify instead of a ServerHello; then read the client's answer raw
                // the alert record written raw: plaintext, level warning, close_notify
                socket.getOutputStream().write(new byte[] {21, 3, 3, 0, 2, 1, 0});
                socket.getOutputStream().flush();
                byte[] header = options.rawInput(this).readNBytes(7); // type, version, length, level, description
                options.clientAnswer.complete(header.length == 7 && header[0] == 21
                        ? (header[5] == 1 ? "warning " : "fatal ") + org.bouncycastle.tls.AlertDescription.getName(header[6])
                        : "no alert (" + header.length + " bytes)");
                throw new IOException("scripted: closed after the ClientHello");
            }
            return hello;
        }

        private byte[] firstClientHello;

        /** Extensions a retried ClientHello may change (RFC 8446 4.1.2): key_share, early_data, cookie, pre_shared_key, padding. */
        private static final java.util.Set<Integer> MAY_CHANGE = java.util.Set.of(51, 42, 44, 41, 21);

        /**
         * How a retried ClientHello differs from the first beyond what RFC 8446 4.1.2 allows, or null: the same version,
         * random, session id, suites and compression, and every other extension the same, in the same order.
         */
        static String retryDifference(byte[] first, byte[] second) {
            int prefixFirst = extensionsStart(first), prefixSecond = extensionsStart(second);
            if (!java.util.Arrays.equals(first, 0, prefixFirst, second, 0, prefixSecond)) {
                return "version, random, session id, cipher suites or compression changed";
            }
            List<String> a = extensions(first, prefixFirst), b = extensions(second, prefixSecond);
            return a.equals(b) ? null : "extensions other than those RFC 8446 4.1.2 lets change differ: first " + a + ", second " + b;
        }

        private static int extensionsStart(byte[] b) {
            int at = 2 + 32;
            at += 1 + (b[at] & 0xff);
            at += 2 + (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
            at += 1 + (b[at] & 0xff);
            return at;
        }

        /**
         * Each extension in wire order as "type:hex data"; key_share as its type alone (its data is replaced, in place);
         * early_data, cookie, pre_shared_key and padding left out (they may go or come).
         */
        private static List<String> extensions(byte[] b, int at) {
            List<String> out = new ArrayList<>();
            if (at + 2 > b.length) return out;
            int end = at + 2 + (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
            at += 2;
            while (at + 4 <= end) {
                int type = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
                int length = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
                if (type == 51) out.add("51 (key_share)");
                else if (!MAY_CHANGE.contains(type)) out.add(type + ":" + java.util.HexFormat.of().formatHex(b, at + 4, at + 4 + length));
                at += 4 + length;
            }
            return out;
        }

        /** The extension types of a ClientHello body in wire order (RFC 8446 4.1.2). */
        private static List<Integer> extensionTypes(byte[] b) {
            int at = 2 + 32;
            at += 1 + (b[at] & 0xff); // session id
            at += 2 + (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff)); // cipher suites
            at += 1 + (b[at] & 0xff); // compression methods
            List<Integer> types = new ArrayList<>();
            if (at + 2 > b.length) return types;
            int end = at + 2 + (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
            at += 2;
            while (at + 4 <= end) {
                types.add(((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
                at += 4 + (((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff));
            }
            return types;
        }

        /** A Finished whose verify_data is not the MAC over the handshake (RFC 8446 4.4.4, RFC 5246 7.4.9). */
        private void sendForgedFinished(int length) throws IOException {
            byte[] message = new byte[4 + length];
            message[0] = org.bouncycastle.tls.HandshakeType.finished;
            message[3] = (byte) length;
            java.util.Arrays.fill(message, 4, message.length, (byte) 0x5a);
            safeWriteRecord(org.bouncycastle.tls.ContentType.handshake, message, 0, message.length);
        }

        @Override
        protected void sendFinishedMessage() throws IOException {
            if (options.forgedFinished) sendForgedFinished(12);
            else super.sendFinishedMessage();
        }

        @Override
        protected void send13FinishedMessage() throws IOException {
            if (options.forgedFinished) {
                sendForgedFinished(getContext().getSecurityParametersHandshake().getPRFHashLength());
                return;
            }
            if (options.alertInsteadOfRestOfFlight == 0) {
                super.send13FinishedMessage();
            } else { // the alert goes out encrypted, then nothing until the test ends
                raiseAlertWarning(options.alertInsteadOfRestOfFlight, "scripted");
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("scripted: stopped after the alert");
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        protected org.bouncycastle.tls.ServerHello generate13ServerHello(org.bouncycastle.tls.ClientHello clientHello,
                org.bouncycastle.tls.HandshakeMessageInput clientHelloMessage, boolean afterHelloRetryRequest) throws IOException {
            org.bouncycastle.tls.ServerHello hello = super.generate13ServerHello(clientHello, clientHelloMessage, afterHelloRetryRequest);
            options.helloExtensions.forEach((type, data) -> hello.getExtensions().put(type, data.clone()));
            return hello;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected org.bouncycastle.tls.ServerHello generate13HelloRetryRequest(org.bouncycastle.tls.ClientHello clientHello)
                throws IOException {
            org.bouncycastle.tls.ServerHello retry = super.generate13HelloRetryRequest(clientHello);
            options.retryExtensions.forEach((type, data) -> retry.getExtensions().put(type, data.clone()));
            return retry;
        }

        @Override
        public void sendWarningAlert(short description) throws IOException {
            raiseAlertWarning(description, "scripted");
        }

        @Override
        public void sendKeyUpdate(boolean updateRequested) throws IOException {
            send13KeyUpdate(updateRequested);
        }

        @Override
        protected void receive13KeyUpdate(ByteArrayInputStream buf) throws IOException {
            super.receive13KeyUpdate(buf);
            clientKeyUpdate.countDown();
        }

        @Override
        public boolean awaitClientKeyUpdate(Duration wait) throws InterruptedException {
            Thread.ofVirtual().name("scripted-tls-reader").start(() -> { // reads until the connection ends: records get processed
                byte[] sink = new byte[1024];
                try {
                    while (readApplicationData(sink, 0, sink.length) >= 0) {
                        // data is dropped
                    }
                } catch (IOException ended) {
                    // the socket was closed after the script
                }
            });
            return clientKeyUpdate.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The server's choices: versions, an EC identity, extra extensions. */
    private static final class Server extends DefaultTlsServer {
        private final Builder options;

        Server(Builder options, Protocol protocol) {
            super(new JcaTlsCryptoProvider().create(new SecureRandom()));
            this.options = options;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return options.tls12Only ? ProtocolVersion.TLSv12.only() : ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
        }

        /** The suites an EC identity can serve: TLS 1.3's and ECDHE_ECDSA. */
        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
                    org.bouncycastle.tls.CipherSuite.TLS_AES_128_GCM_SHA256, org.bouncycastle.tls.CipherSuite.TLS_AES_256_GCM_SHA384,
                    org.bouncycastle.tls.CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                    org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                    org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384});
        }

        @Override
        public boolean shouldUseExtendedMasterSecret() {
            return !options.withoutExtendedMasterSecret;
        }

        @Override
        public int[] getSupportedGroups() throws IOException {
            return options.onlyGroup != 0 ? new int[] {options.onlyGroup} : super.getSupportedGroups();
        }

        @Override
        public Hashtable getServerExtensions() throws IOException {
            @SuppressWarnings("unchecked")
            Hashtable<Integer, byte[]> extensions = super.getServerExtensions();
            if (extensions == null) extensions = new Hashtable<>();
            for (Map.Entry<Integer, byte[]> e : options.extraExtensions.entrySet()) extensions.put(e.getKey(), e.getValue());
            return extensions;
        }

        @Override
        public TlsCredentials getCredentials() throws IOException {
            JcaTlsCrypto crypto = (JcaTlsCrypto) getCrypto();
            List<X509Certificate> chain = options.identity.chain();
            TlsCertificate[] certs = new TlsCertificate[chain.size()];
            try {
                for (int i = 0; i < certs.length; i++) certs[i] = crypto.createCertificate(chain.get(i).getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException(e);
            }
            Certificate certificate;
            if (TlsUtils.isTLSv13(context)) {
                CertificateEntry[] entries = new CertificateEntry[certs.length];
                for (int i = 0; i < certs.length; i++) entries[i] = new CertificateEntry(certs[i], null);
                certificate = new Certificate(TlsUtils.EMPTY_BYTES, entries);
            } else {
                certificate = new Certificate(certs);
            }
            SignatureAndHashAlgorithm scheme = options.claimedScheme != null ? options.claimedScheme
                    : SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256, org.bouncycastle.tls.SignatureAlgorithm.ecdsa);
            if (!options.forgedSignature) {
                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, options.identity.key(), certificate, scheme);
            }
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, options.identity.key(), certificate, scheme) {
                @Override
                public org.bouncycastle.tls.crypto.TlsStreamSigner getStreamSigner() {
                    return null; // every signature through generateRawSignature, where the content is changed
                }

                @Override
                public byte[] generateRawSignature(byte[] hash) throws IOException {
                    byte[] other = hash.clone();
                    other[0] ^= 1; // a well-formed signature by the right key, over other content
                    return super.generateRawSignature(other);
                }
            };
        }
    }

    public static final class Builder {
        private final Issued identity;
        private boolean tls12Only;
        private final Map<Integer, byte[]> extraExtensions = new java.util.LinkedHashMap<>();
        private Script script;
        private final Map<Integer, byte[]> helloExtensions = new java.util.LinkedHashMap<>();
        private final Map<Integer, byte[]> retryExtensions = new java.util.LinkedHashMap<>();
        private int onlyGroup;
        private short alertInsteadOfRestOfFlight;
        private boolean withoutExtendedMasterSecret;
        private boolean closeNotifyAfterClientHello;
        private boolean forgedSignature;
        private boolean forgedFinished;
        private SignatureAndHashAlgorithm claimedScheme;
        private final List<List<Integer>> clientHelloExtensionOrders = Collections.synchronizedList(new ArrayList<>());
        private final List<String> retryDifferences = Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.CompletableFuture<String> clientAnswer = new java.util.concurrent.CompletableFuture<>();

        java.io.InputStream rawInput(Protocol protocol) throws IOException {
            return protocol.socket.getInputStream();
        }

        private Builder(Issued identity) {
            this.identity = identity;
        }

        public Builder tls12Only() {
            tls12Only = true;
            return this;
        }

        /** An extension of any type in the server's hello (TLS 1.2) or EncryptedExtensions (TLS 1.3). */
        public Builder serverExtension(int type, byte[] data) {
            extraExtensions.put(type, data.clone());
            return this;
        }

        /** An extension of any type in a TLS 1.3 ServerHello (where only key_share, pre_shared_key, supported_versions belong). */
        public Builder serverHelloExtension(int type, byte[] data) {
            helloExtensions.put(type, data.clone());
            return this;
        }

        /** An extension of any type in a TLS 1.3 HelloRetryRequest; use with {@link #onlyGroup} to make the server send one. */
        public Builder helloRetryExtension(int type, byte[] data) {
            retryExtensions.put(type, data.clone());
            return this;
        }

        /** Accept only this key exchange group (a NamedGroup code): a client that sent no share for it gets a HelloRetryRequest. */
        public Builder onlyGroup(int namedGroup) {
            onlyGroup = namedGroup;
            return this;
        }

        /**
         * TLS 1.3: an alert at level warning with this description instead of the server's Finished; then the server
         * sends nothing more until it is closed.
         */
        public Builder warningAlertInsteadOfFinished(short description) {
            alertInsteadOfRestOfFlight = description;
            return this;
        }

        /** A close_notify alert instead of a ServerHello; {@link ScriptedTlsServer#clientAnswer()} then tells what the client sent back. */
        public Builder closeNotifyAfterClientHello() {
            closeNotifyAfterClientHello = true;
            return this;
        }

        /** TLS 1.2 without the extended master secret (RFC 7627), as old servers are. */
        public Builder withoutExtendedMasterSecret() {
            withoutExtendedMasterSecret = true;
            return this;
        }

        /**
         * The server's handshake signature (TLS 1.3 CertificateVerify, TLS 1.2 ServerKeyExchange) made by its own key
         * over other content: well formed, and wrong.
         */
        public Builder forgedSignature() {
            forgedSignature = true;
            return this;
        }

        /** The server's Finished with a verify_data that is not the MAC over the handshake. */
        public Builder forgedFinished() {
            forgedFinished = true;
            return this;
        }

        /** The signature scheme the server names for its handshake signature (and hashes with), e.g. ecdsa_sha1. */
        public Builder signatureScheme(int hashAlgorithm, int signatureAlgorithm) {
            claimedScheme = SignatureAndHashAlgorithm.getInstance((short) hashAlgorithm, (short) signatureAlgorithm);
            return this;
        }

        /** What to do once each handshake is done. */
        public Builder afterHandshake(Script script) {
            this.script = script;
            return this;
        }

        public ScriptedTlsServer start() throws IOException {
            return new ScriptedTlsServer(this);
        }
    }
}
