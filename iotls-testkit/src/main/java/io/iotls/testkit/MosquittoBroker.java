package io.iotls.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The Debian {@code mosquitto} broker on 127.0.0.1 and a free port, configured for one TLS mode. */
public final class MosquittoBroker implements AutoCloseable {
    private PeerProcess process;
    private final Path config;
    private final Path executable;

    private MosquittoBroker(PeerProcess process, Path config, Path executable) {
        this.process = process;
        this.config = config;
        this.executable = executable;
    }

    /** Stops the broker (SIGTERM, so it saves its persistence file) and starts it again on the same port. */
    public void restart() throws IOException {
        int port = process.port();
        process.stop();
        process = launch(executable, config, port);
    }

    private static PeerProcess launch(Path mosquitto, Path config, int port) throws IOException {
        Path log = config.resolveSibling("mosquitto-" + System.nanoTime() + ".log");
        // closing the broker deletes its folder: configuration, logs, persistence file
        PeerProcess p = new PeerProcess("mosquitto", List.of(mosquitto.toString(), "-c", config.toString()), log, port,
                List.of(config.getParent()));
        // "Opening ... listen socket" comes before listen(); "running" after every listener is open
        p.awaitListening(Duration.ofSeconds(10), false, " running");
        return p;
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

    public String log() {
        return process.log();
    }

    public Path config() {
        return config;
    }

    /** The broker's process id (to read its CPU time in benchmarks). */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }

    /** Listener options, named as in mosquitto.conf. */
    public static final class Builder {
        private final List<String> lines = new ArrayList<>();

        public Builder tls(Path caFile, Path certFile, Path keyFile) {
            lines.add("cafile " + caFile);
            lines.add("certfile " + certFile);
            lines.add("keyfile " + keyFile);
            return this;
        }

        public Builder requireCertificate() {
            lines.add("require_certificate true");
            return this;
        }

        public Builder crlFile(Path crl) {
            lines.add("crlfile " + crl);
            return this;
        }

        public Builder psk(Path pskFile, String hint) {
            lines.add("psk_hint " + hint);
            lines.add("psk_file " + pskFile);
            return this;
        }

        public Builder ciphers(String openSslCiphers) {
            lines.add("ciphers " + openSslCiphers);
            return this;
        }

        public Builder ciphersTls13(String suites) {
            lines.add("ciphers_tls1.3 " + suites);
            return this;
        }

        /** The minimum TLS version, e.g. {@code tlsv1.3}. */
        public Builder tlsVersion(String version) {
            lines.add("tls_version " + version);
            return this;
        }

        public Builder line(String configLine) {
            lines.add(configLine);
            return this;
        }

        private boolean persistence;
        private boolean webSockets;
        private boolean anonymous = true;

        /**
         * The broker's port speaks MQTT over WebSocket (mosquitto's {@code protocol websockets}; with {@link #tls} lines,
         * over TLS). mosquitto 2.0.11 will not start with WebSocket listeners alone, so a plain MQTT listener on another
         * free port of 127.0.0.1 comes first. Both listen on 127.0.0.1 only.
         */
        public Builder webSockets() {
            webSockets = true;
            return this;
        }
        private List<String> logTypes = List.of("all");

        /**
         * What the broker logs (mosquitto's {@code log_type}); every type by default, for tests that read the log.
         * Benchmarks pass mosquitto's own default (error, warning, notice, information): at "all" it writes two debug
         * lines per message, and that is broker CPU no deployment spends.
         */
        public Builder logTypes(String... types) {
            logTypes = List.of(types);
            return this;
        }

        /** Keep sessions and queued messages across {@link MosquittoBroker#restart()} (mosquitto's persistence file). */
        public Builder persistence() {
            persistence = true;
            return this;
        }

        /** Require a user name and password from this password file (made with mosquitto_passwd). */
        public Builder passwordFile(Path file) {
            anonymous = false;
            lines.add("password_file " + file);
            return this;
        }

        public MosquittoBroker start() throws IOException {
            Path mosquitto = Peers.require("mosquitto");
            int port = FreePort.find();
            Path dir = TempFiles.directory("mosquitto-");
            List<String> conf = new ArrayList<>();
            conf.add("per_listener_settings false");
            conf.add("allow_anonymous " + anonymous);
            conf.add("persistence " + persistence);
            if (persistence) {
                conf.add("persistence_location " + dir + "/");
                conf.add("autosave_interval 1");
            }
            conf.add("log_dest stderr");
            for (String type : logTypes) conf.add("log_type " + type);
            conf.add("set_tcp_nodelay true");
            if ("root".equals(System.getProperty("user.name"))) conf.add("user root"); // keeps access to our key files
            if (webSockets) {
                conf.add("listener " + FreePort.find() + " 127.0.0.1");
                conf.add("listener " + port + " 127.0.0.1");
                conf.add("protocol websockets");
                conf.add("socket_domain ipv4"); // else libwebsockets binds every interface (::), whatever the address
            } else {
                conf.add("listener " + port + " 127.0.0.1");
            }
            conf.addAll(lines);
            Path config = Files.write(dir.resolve("mosquitto.conf"), conf);
            try {
                return new MosquittoBroker(launch(mosquitto, config, port), config, mosquitto);
            } catch (IOException | RuntimeException e) {
                TempFiles.deleteQuietly(dir);
                throw e;
            }
        }
    }
}
