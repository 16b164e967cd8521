package io.iotls.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code openssl s_server} on 127.0.0.1 and a free port, as an independent TLS peer. It answers every line of
 * application data with the line reversed ({@code -rev}), so a test can prove data flows both ways; or, built
 * {@link Builder#interactive()}, it prints what it receives and takes s_server's commands and lines to send on its
 * standard input ({@link #send}): {@code r} asks the client to renegotiate (TLS 1.2), {@code k}/{@code K} sends a
 * KeyUpdate (TLS 1.3; {@code K} asks for the client's).
 */
public final class OpensslServer implements AutoCloseable {
    private final PeerProcess process;

    private OpensslServer(PeerProcess process) {
        this.process = process;
    }

    public static Builder builder() {
        return new Builder();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", process.port());
    }

    public int port() {
        return process.port();
    }

    /** What s_server printed so far (its verdicts on client certificates, for example). */
    public String log() {
        return process.log();
    }

    /** One line to s_server's standard input (interactive servers): a command such as {@code r}, or data for the client. */
    public void send(String line) throws IOException {
        process.stdin().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        process.stdin().flush();
    }

    /** Waits until s_server's output contains {@code text}, or fails with the output so far. */
    public void awaitOutput(String text, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive()) throw new IOException("openssl s_server ended before printing \"" + text + "\"; output:\n" + log());
            if (System.nanoTime() > deadline) {
                throw new IOException("openssl s_server did not print \"" + text + "\" within " + timeout + "; output:\n" + log());
            }
            try {
                Thread.sleep(20); // polling its log file: s_server has no other way to say it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        process.close();
    }

    /** Options map one to one onto s_server's flags. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final List<Path> files = new ArrayList<>();
        private int port;
        private boolean interactive;

        /** The server's certificate file (leaf first, then intermediates, which are sent too) and key. */
        public Builder certificate(Path certChain, Path key) throws IOException {
            args.addAll(List.of("-cert", certChain.toString(), "-key", key.toString()));
            String pem = Files.readString(certChain);
            String end = "-----END CERTIFICATE-----";
            int afterLeaf = pem.indexOf(end);
            String intermediates = afterLeaf < 0 ? "" : pem.substring(afterLeaf + end.length()).trim();
            if (!intermediates.isEmpty()) { // s_server sends only the leaf of -cert; -cert_chain adds the rest
                Path chain = TempFiles.file("s_server-chain-", ".pem");
                files.add(chain);
                Files.writeString(chain, intermediates + "\n");
                args.addAll(List.of("-cert_chain", chain.toString()));
            }
            return this;
        }

        /** Requires a client certificate verified against {@code caFile} ({@code -Verify 5 -verify_return_error}). */
        public Builder requireClientCertificate(Path caFile) {
            args.addAll(List.of("-Verify", "5", "-verify_return_error", "-CAfile", caFile.toString()));
            return this;
        }

        /**
         * Checks the client's leaf certificate against one CRL ({@code -CRL file -crl_check}); s_server reads a single
         * CRL from the file, so give the CRL of the CA that issued the client certificates.
         */
        public Builder crl(Path crlFile) {
            args.addAll(List.of("-CRL", crlFile.toString(), "-crl_check"));
            return this;
        }

        /** PSK only: no certificate ({@code -nocert}). */
        public Builder psk(String identity, String hexKey, String hint) {
            args.addAll(List.of("-nocert", "-psk", hexKey, "-psk_identity", identity));
            if (hint != null) args.addAll(List.of("-psk_hint", hint));
            return this;
        }

        /** TLS 1.2 suites in OpenSSL names ({@code -cipher}); add {@code @SECLEVEL=0} for static RSA etc. as needed. */
        public Builder cipher(String openSslCipherList) {
            args.addAll(List.of("-cipher", openSslCipherList));
            return this;
        }

        public Builder ciphersuites(String tls13Suites) {
            args.addAll(List.of("-ciphersuites", tls13Suites));
            return this;
        }

        public Builder tls12Only() {
            args.add("-tls1_2");
            return this;
        }

        public Builder tls13Only() {
            args.add("-tls1_3");
            return this;
        }

        /** Listen on this port (e.g. one a previous server used) instead of a free one. */
        public Builder port(int fixed) {
            this.port = fixed;
            return this;
        }

        /** No {@code -rev}: s_server prints what it receives and reads commands and data from {@link OpensslServer#send}. */
        public Builder interactive() {
            interactive = true;
            return this;
        }

        public Builder arg(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public OpensslServer start() throws IOException {
            Path openssl = Peers.require("openssl");
            int port = this.port != 0 ? this.port : FreePort.find();
            List<String> command = new ArrayList<>(List.of(openssl.toString(), "s_server", "-accept", "127.0.0.1:" + port,
                    "-naccept", "1000"));
            if (!interactive) command.add("-rev");
            command.addAll(args);
            Path log = TempFiles.file("openssl-s_server-", ".log");
            files.add(log);
            PeerProcess process = new PeerProcess("openssl s_server", command, log, port, files);
            process.awaitListening(Duration.ofSeconds(10), false, "ACCEPT");
            return new OpensslServer(process);
        }
    }
}
