package io.iotls.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real proxy on 127.0.0.1 and a free port, as an independent peer for tunnel tests: Debian's {@code tinyproxy}
 * (HTTP CONNECT, optional basic authentication) or {@code microsocks} (SOCKS5, optional user/password).
 */
public final class ProxyServer implements AutoCloseable {
    private final PeerProcess process;

    private ProxyServer(PeerProcess process) {
        this.process = process;
    }

    /** tinyproxy allowing CONNECT to every port from 127.0.0.1; with a user, basic authentication is required. */
    public static ProxyServer http(String user, String password) throws IOException {
        Path tinyproxy = Peers.require("tinyproxy");
        int port = FreePort.find();
        Path conf = TempFiles.file("tinyproxy-", ".conf");
        Path log = TempFiles.file("tinyproxy-", ".log");
        StringBuilder c = new StringBuilder();
        c.append("Port ").append(port).append('\n').append("Listen 127.0.0.1\nTimeout 60\nMaxClients 50\nAllow 127.0.0.1\n")
                .append("LogLevel Info\n");
        if (user != null) c.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
        Files.writeString(conf, c.toString());
        PeerProcess p = new PeerProcess("tinyproxy", List.of(tinyproxy.toString(), "-d", "-c", conf.toString()), log, port,
                new ArrayList<>(List.of(conf, log)));
        p.awaitListening(Duration.ofSeconds(10), true, null);
        return new ProxyServer(p);
    }

    /** microsocks; with a user, only user/password authentication is accepted. */
    public static ProxyServer socks5(String user, String password) throws IOException {
        Path microsocks = Peers.require("microsocks");
        int port = FreePort.find();
        Path log = TempFiles.file("microsocks-", ".log");
        List<String> command = new ArrayList<>(List.of(microsocks.toString(), "-i", "127.0.0.1", "-p", String.valueOf(port)));
        if (user != null) command.addAll(List.of("-u", user, "-P", password));
        PeerProcess p = new PeerProcess("microsocks", command, log, port, new ArrayList<>(List.of(log)));
        p.awaitListening(Duration.ofSeconds(10), true, null);
        return new ProxyServer(p);
    }

    public int port() {
        return process.port();
    }

    /** What the proxy logged so far. */
    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
