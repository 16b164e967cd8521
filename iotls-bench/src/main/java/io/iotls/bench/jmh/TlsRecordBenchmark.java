package io.iotls.bench.jmh;

import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import io.iotls.transport.internal.crypto.Crypto;
import io.iotls.transport.internal.material.PemMaterial;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Vector;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The TLS record path in memory, no sockets: one message of application data sealed by the sender and opened by the
 * receiver, TLS 1.3 with AES-128-GCM or ChaCha20-Poly1305 on both sides (one record, except 16 KiB through JSSE: two).
 * {@code iotls}: Bouncy Castle's record layer with the crypto iotls configures ({@link Crypto#create()}: records sealed
 * by iotls on the JDK's ciphers), the stack iotls runs on. {@code jsse}: the JDK's
 * SSLEngine, what HiveMQ and Paho run on. How to run it and the latest figures: docs/jmh.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TlsRecordBenchmark {
    @Param({"64", "16384"})
    int payloadBytes;

    /** The TLS 1.3 suite, in its IANA name (the same in Bouncy Castle and JSSE). */
    @Param({"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    String suite;

    private byte[] payload;
    private TlsProtocol bcSender;
    private TlsProtocol bcReceiver;
    private byte[] bcWire;
    private byte[] bcPlain;
    private SSLEngine jsseSender;
    private SSLEngine jsseReceiver;
    private ByteBuffer jsseSource;
    private ByteBuffer jsseWire;
    private ByteBuffer jssePlain;

    @Setup
    public void setUp() throws Exception {
        payload = new byte[payloadBytes];
        new SecureRandom().nextBytes(payload);
        bcWire = new byte[payloadBytes + 1024];
        bcPlain = new byte[payloadBytes + 1024];
        setUpBouncyCastle();
        setUpJsse();
        if (!java.util.Arrays.equals(bc(), payload) || !java.util.Arrays.equals(jsse(), payload)) {
            throw new IllegalStateException("a record did not come back as sent");
        }
    }

    /** Seals one record and opens it on the other side; returns the plaintext (for the check in setUp). */
    private byte[] bc() throws IOException {
        int n = bcRecord();
        return java.util.Arrays.copyOf(bcPlain, n);
    }

    private byte[] jsse() throws IOException {
        int n = jsseRecord();
        byte[] out = new byte[n];
        jssePlain.get(0, out);
        return out;
    }

    @Benchmark
    public int iotls() throws IOException {
        return bcRecord();
    }

    @Benchmark
    public int jsse_sslengine() throws IOException {
        return jsseRecord();
    }

    private int bcRecord() throws IOException {
        bcSender.writeApplicationData(payload, 0, payload.length);
        int wire = bcSender.readOutput(bcWire, 0, bcWire.length);
        bcReceiver.offerInput(bcWire, 0, wire);
        return bcReceiver.readInput(bcPlain, 0, bcPlain.length);
    }

    private int jsseRecord() throws IOException {
        jsseSource.clear();
        jsseWire.clear();
        jssePlain.clear();
        while (jsseSource.hasRemaining()) { // JSSE puts at most 16,367 bytes in a TLS 1.3 record: 16 KiB take two
            SSLEngineResult sealed = jsseSender.wrap(jsseSource, jsseWire);
            if (sealed.getStatus() != SSLEngineResult.Status.OK) throw new IOException("wrap: " + sealed);
        }
        jsseWire.flip();
        while (jsseWire.hasRemaining()) {
            SSLEngineResult opened = jsseReceiver.unwrap(jsseWire, jssePlain);
            if (opened.getStatus() != SSLEngineResult.Status.OK) throw new IOException("unwrap: " + opened);
        }
        return jssePlain.position();
    }

    private void setUpBouncyCastle() throws IOException {
        byte[] identity = "jmh".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        TlsClientProtocol client = new TlsClientProtocol();
        TlsServerProtocol server = new TlsServerProtocol();
        client.connect(new AbstractTlsClient(Crypto.create()) {
            @Override protected ProtocolVersion[] getSupportedVersions() { return ProtocolVersion.TLSv13.only(); }
            @Override protected int[] getSupportedCipherSuites() { return new int[] {bcSuite()}; }
            @Override public Vector getExternalPSKs() { return psk(getCrypto(), identity, key); }
            @Override public TlsAuthentication getAuthentication() { throw new IllegalStateException("PSK only"); }
        });
        server.accept(new AbstractTlsServer(Crypto.create()) {
            @Override protected ProtocolVersion[] getSupportedVersions() { return ProtocolVersion.TLSv13.only(); }
            @Override protected int[] getSupportedCipherSuites() { return new int[] {bcSuite()}; }
            @Override public TlsPSKExternal getExternalPSK(Vector identities) { return psk(getCrypto(), identity, key).get(0); }
            @Override public TlsCredentials getCredentials() { throw new IllegalStateException("PSK only"); }
        });
        for (int i = 0; i < 10 && (client.isHandshaking() || server.isHandshaking()); i++) {
            move(client, server);
            move(server, client);
        }
        if (client.isHandshaking() || server.isHandshaking()) throw new IllegalStateException("BC handshake did not finish");
        move(server, client); // anything sent after the handshake
        bcSender = client;
        bcReceiver = server;
    }

    private int bcSuite() {
        return switch (suite) {
            case "TLS_AES_128_GCM_SHA256" -> CipherSuite.TLS_AES_128_GCM_SHA256;
            case "TLS_CHACHA20_POLY1305_SHA256" -> CipherSuite.TLS_CHACHA20_POLY1305_SHA256;
            default -> throw new IllegalArgumentException(suite);
        };
    }

    private static Vector<TlsPSKExternal> psk(TlsCrypto crypto, byte[] identity, byte[] key) {
        Vector<TlsPSKExternal> v = new Vector<>();
        v.add(new BasicTlsPSKExternal(identity, crypto.createSecret(key), PRFAlgorithm.tls13_hkdf_sha256));
        return v;
    }

    private static void move(TlsProtocol from, TlsProtocol to) throws IOException {
        int n = from.getAvailableOutputBytes();
        if (n == 0) return;
        byte[] bytes = new byte[n];
        from.readOutput(bytes, 0, n);
        to.offerInput(bytes);
    }

    private void setUpJsse() throws Exception {
        TestPki pki = TestPki.create(TempFiles.directory("iotls-jmh-pki"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", PemMaterial.readPrivateKey(pki.serverKeyFile(), Optional.empty()), new char[0],
                PemMaterial.readCertificates(pki.serverCertFile()).toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", PemMaterial.readCertificates(pki.caFile()).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLEngine client = ctx.createSSLEngine("localhost", 8883);
        client.setUseClientMode(true);
        SSLEngine server = ctx.createSSLEngine();
        server.setUseClientMode(false);
        for (SSLEngine e : new SSLEngine[] {client, server}) {
            e.setEnabledProtocols(new String[] {"TLSv1.3"});
            e.setEnabledCipherSuites(new String[] {suite});
        }
        int size = 2 * client.getSession().getPacketBufferSize() + payloadBytes;
        ByteBuffer c2s = ByteBuffer.allocate(4 * size), s2c = ByteBuffer.allocate(4 * size), sink = ByteBuffer.allocate(size);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 100 && (busy(client) || busy(server) || c2s.position() > 0 || s2c.position() > 0); i++) {
            wrapWhileNeeded(client, c2s);
            wrapWhileNeeded(server, s2c);
            unwrapAll(server, c2s, sink);
            unwrapAll(client, s2c, sink); // also the server's NewSessionTicket, so the measured records are data only
        }
        if (busy(client) || busy(server)) throw new IllegalStateException("JSSE handshake did not finish");
        jsseSender = client;
        jsseReceiver = server;
        jsseSource = ByteBuffer.wrap(payload);
        jsseWire = ByteBuffer.allocate(size);
        jssePlain = ByteBuffer.allocate(size);
    }

    private static boolean busy(SSLEngine e) {
        SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
        return s != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && s != SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void wrapWhileNeeded(SSLEngine e, ByteBuffer out) throws IOException {
        runTasks(e);
        while (e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            SSLEngineResult r = e.wrap(ByteBuffer.allocate(0), out);
            if (r.getStatus() != SSLEngineResult.Status.OK) throw new IOException("handshake wrap: " + r);
            runTasks(e);
        }
    }

    /** Feeds everything the peer wrote into {@code in} (write mode) to {@code e}. */
    private static void unwrapAll(SSLEngine e, ByteBuffer in, ByteBuffer sink) throws IOException {
        in.flip();
        while (in.hasRemaining()) {
            SSLEngineResult r = e.unwrap(in, sink.clear());
            runTasks(e);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0) break; // wants to write first
            if (r.getStatus() != SSLEngineResult.Status.OK) throw new IOException("handshake unwrap: " + r);
        }
        in.compact();
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) task.run();
    }
}
