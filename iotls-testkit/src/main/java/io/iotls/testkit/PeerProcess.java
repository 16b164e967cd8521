package io.iotls.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A peer process we started ourselves: output goes to a log file, close() ends it (and only it) by its handle and
 * deletes the files it was given to clean up (its log, its configuration).
 */
class PeerProcess implements AutoCloseable {
    /** Peers still running: a JVM ended by Ctrl-C or a failed test run stops them instead of orphaning them. */
    private static final Set<Process> RUNNING = TempFiles.RUNNING_PEERS;

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final List<Path> cleanup;

    PeerProcess(String name, List<String> command, Path log, int port, List<Path> cleanup) throws IOException {
        this.name = name;
        this.log = log;
        this.port = port;
        this.cleanup = List.copyOf(cleanup);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            this.process = builder.start();
            RUNNING.add(process);
        } catch (IOException e) {
            this.cleanup.forEach(TempFiles::deleteQuietly);
            throw e;
        }
    }

    /** Waits until the peer accepts TCP connections on its port, or fails with its log. */
    void awaitListening(Duration timeout, boolean probeWithConnect, String readyLine) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new IOException(name + " exited with code " + process.exitValue() + " before listening; log:\n" + log);
            }
            if (readyLine != null && log().contains(readyLine)) return;
            if (probeWithConnect) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException notYet) {
                    // keep waiting
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
        }
        String log = log();
        close();
        throw new IOException(name + " did not listen on 127.0.0.1:" + port + " within " + timeout + "; log:\n" + log);
    }

    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    /** The peer's standard input (commands and data for interactive tools such as s_client). */
    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the process, then deletes its files: nothing of it is left in the temp directory. */
    @Override
    public void close() {
        stop();
        cleanup.forEach(TempFiles::deleteQuietly);
    }

    /** Ends the process and keeps its files (a broker restarted on the same configuration). */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }
}
