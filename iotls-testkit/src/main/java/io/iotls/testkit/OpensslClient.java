package io.iotls.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code openssl s_client} connected to one of our servers, as an independent TLS peer driven through its standard
 * input: a line is sent as application data, except s_client's one-letter commands ({@code K}: a TLS 1.3 KeyUpdate
 * that requests one back). What it receives and reports is read from its output.
 */
public final class OpensslClient implements AutoCloseable {
    private final PeerProcess process;

    private OpensslClient(PeerProcess process) {
        this.process = process;
    }

    /** Connects to 127.0.0.1:{@code port}, verifying the server against {@code caFile}, plus s_client flags. */
    public static OpensslClient connect(int port, Path caFile, String... flags) throws IOException {
        Path openssl = Peers.require("openssl");
        List<String> command = new ArrayList<>(List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", caFile.toString(), "-verify_return_error"));
        command.addAll(List.of(flags));
        Path log = TempFiles.file("openssl-s_client-", ".log");
        PeerProcess process = new PeerProcess("openssl s_client", command, log, port, List.of(log));
        OpensslClient client = new OpensslClient(process);
        try {
            client.awaitOutput("Verify return code: 0 (ok)", Duration.ofSeconds(10));
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Sends one line (s_client adds nothing: the newline is ours). */
    public void send(String line) throws IOException {
        process.stdin().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.stdin().flush();
    }

    /** Waits until s_client's output contains {@code text}, or fails with the output so far. */
    public void awaitOutput(String text, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive() && !output().contains(text)) {
                throw new IOException("openssl s_client ended before printing \"" + text + "\"; output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("openssl s_client did not print \"" + text + "\" within " + timeout + "; output:\n" + output());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Everything s_client printed so far: its handshake report, then the data it received. */
    public String output() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
