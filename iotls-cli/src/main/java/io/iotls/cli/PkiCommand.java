package io.iotls.cli;

import io.iotls.testkit.KeyType;
import io.iotls.testkit.PkiFolder;
import io.iotls.testkit.PskFile;
import io.iotls.testkit.TestPki;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "pki", mixinStandardHelpOptions = true, description = "Make a test PKI in PEM that OpenSSL and mosquitto accept, to try every TLS mode in minutes. "
        + "Not for production: keys are unencrypted files.",
        subcommands = {PkiCommand.Init.class, PkiCommand.Server.class, PkiCommand.Client.class, PkiCommand.SelfSigned.class,
                PkiCommand.Revoke.class, PkiCommand.Crl.class, PkiCommand.Psk.class})
final class PkiCommand {
    @Command(name = "init", mixinStandardHelpOptions = true, description = {"Create DIR with ca.crt, intermediate.crt, server.crt (localhost, 127.0.0.1, ::1), ",
            "client.crt, selfsigned-client.crt (each with its .key), crl.pem and psk.txt."})
    static final class Init implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIR") Path dir;
        @Option(names = "--san", paramLabel = "NAME", description = "Extra subjectAltName for server.crt (DNS name or IP); repeatable.")
        List<String> sans = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            TestPki pki = TestPki.create(dir, sans.toArray(String[]::new));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Test PKI written to " + dir.toAbsolutePath());
            out.println("  CA (trust anchor):   " + pki.caFile());
            out.println("  server:              " + pki.serverCertFile() + " + server.key");
            out.println("  CA-signed client:    " + pki.clientCertFile() + " + client.key");
            out.println("  self-signed client:  " + pki.selfSignedClientCertFile() + " + selfsigned-client.key");
            out.println("  CRLs:                " + pki.crlFile());
            out.println("  PSK (psk_file):      " + pki.pskFile() + "  identity " + pki.pskIdentity());
            out.println("  mosquitto.conf:      " + writeMosquittoConf(pki));
            out.println("  keys:                " + keyModes(dir));
            return 0;
        }

        /**
         * A mosquitto.conf for what was made: CA-signed clients with the CRLs on 8883; self-signed clients on 8884 (their
         * certificate is their CA, and no crlfile there: with one, OpenSSL wants a CRL of every issuer, which a
         * self-signed client has not); PSK on 8885.
         */
        private Path writeMosquittoConf(TestPki pki) throws java.io.IOException {
            Path conf = dir.resolve("mosquitto.conf");
            String server = "certfile " + pki.serverCertFile().toAbsolutePath() + "\nkeyfile " + pki.serverKeyFile().toAbsolutePath() + "\n";
            java.nio.file.Files.writeString(conf, "# made by iotls pki init; check it with: iotls doctor --mosquitto-conf " + conf + "\n"
                    + "per_listener_settings true\n\n"
                    + "# CA-signed clients (client.crt), checked against the CRLs\nlistener 8883\nallow_anonymous true\n"
                    + "cafile " + pki.caFile().toAbsolutePath() + "\n" + server + "require_certificate true\ncrlfile "
                    + pki.crlFile().toAbsolutePath() + "\n\n"
                    + "# self-signed clients (selfsigned-client.crt): the certificate is its own CA; no crlfile here\nlistener 8884\n"
                    + "allow_anonymous true\ncafile " + pki.selfSignedClientCertFile().toAbsolutePath() + "\n" + server
                    + "require_certificate true\n\n"
                    + "# pre-shared keys (psk.txt), no certificates\nlistener 8885\nallow_anonymous true\npsk_hint iotls\npsk_file "
                    + pki.pskFile().toAbsolutePath() + "\n");
            return conf;
        }

        /**
         * Debian's mosquitto reads its files as user mosquitto: the broker's secrets (server.key, psk.txt) go to its
         * group, 640, where this machine has it; the CAs' and clients' keys stay 600.
         */
        private static String keyModes(Path dir) throws java.io.IOException {
            java.nio.file.attribute.GroupPrincipal group;
            try {
                group = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("mosquitto");
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return "600 (no group mosquitto here; for Debian's mosquitto: chgrp mosquitto server.key psk.txt && chmod 640 server.key psk.txt)";
            }
            List<Path> keys = List.of(dir.resolve("server.key"), dir.resolve("psk.txt"));
            try {
                for (Path k : keys) {
                    java.nio.file.Files.getFileAttributeView(k, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
                    java.nio.file.Files.setPosixFilePermissions(k, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
                }
                return "server.key and psk.txt 640, group mosquitto (Debian's mosquitto reads them as user mosquitto); the others 600";
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return "600: cannot give them to group mosquitto (" + e.getMessage() + "); for Debian's mosquitto: "
                        + "sudo chgrp mosquitto server.key psk.txt && sudo chmod 640 server.key psk.txt";
            }
        }
    }

    /** What the issuing subcommands share: the PKI folder, the certificate's name, its key type. */
    abstract static class Issue implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIR") Path dir;
        @Parameters(index = "1", paramLabel = "NAME") String name;
        @Option(names = "--key-type", description = "rsa, p256, p384 or ed25519 (default: rsa for servers, p256 otherwise).")
        String keyType;

        @Option(names = "--expired", description = "Make it expired (a month ago, after a year): to try a peer's refusal.")
        boolean expired;

        @Option(names = "--not-yet-valid", description = "Make it valid only from a month ahead: to try a peer's refusal.")
        boolean notYetValid;

        @Option(names = "--encrypt-key", paramLabel = "VAR", description = "Encrypt NAME.key (PKCS#8, AES-256) with the password in "
                + "environment variable VAR (never on the command line); use it with --keypass-env VAR.")
        String encryptKeyEnv;

        abstract Path issue(PkiFolder folder, PkiFolder.LeafOptions options) throws java.io.IOException;

        abstract KeyType defaultKeyType();

        @Override
        public Integer call() throws Exception {
            if (expired && notYetValid) throw new IllegalArgumentException("--expired and --not-yet-valid exclude each other");
            PkiFolder.LeafOptions options = PkiFolder.LeafOptions.of(keyType == null ? defaultKeyType() : KeyType.parse(keyType));
            if (expired) options = options.expired();
            if (notYetValid) options = options.notYetValid();
            if (encryptKeyEnv != null) {
                String password = System.getenv(encryptKeyEnv);
                if (password == null || password.isEmpty()) {
                    throw new IllegalArgumentException("environment variable " + encryptKeyEnv + " (--encrypt-key) is not set");
                }
                options = options.encryptedKey(password.toCharArray());
            }
            Path cert = issue(PkiFolder.open(dir), options);
            spec.commandLine().getOut().println("wrote " + cert + " and " + name + ".key"
                    + (expired ? " (expired)" : notYetValid ? " (not yet valid)" : "") + (encryptKeyEnv != null ? " (key encrypted)" : ""));
            return 0;
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true, description = "Issue NAME.crt/NAME.key for a server, signed by the intermediate.")
    static final class Server extends Issue {
        @Option(names = "--san", paramLabel = "NAME", description = "subjectAltName (DNS name or IP); repeatable. Default: NAME.")
        List<String> sans = new ArrayList<>();

        @Override
        Path issue(PkiFolder folder, PkiFolder.LeafOptions options) throws java.io.IOException {
            return folder.issueServer(name, sans.isEmpty() ? List.of(name) : sans, options);
        }

        @Override
        KeyType defaultKeyType() {
            return KeyType.RSA_2048; // RSA also allows the static-RSA suites of the seed's example
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true, description = "Issue NAME.crt/NAME.key for a client (clientAuth), signed by the intermediate.")
    static final class Client extends Issue {
        @Override
        Path issue(PkiFolder folder, PkiFolder.LeafOptions options) throws java.io.IOException {
            return folder.issueClient(name, options);
        }

        @Override
        KeyType defaultKeyType() {
            return KeyType.EC_P256;
        }
    }

    @Command(name = "self-signed", mixinStandardHelpOptions = true, description = "Make a self-signed NAME.crt/NAME.key; the broker must list the certificate itself as a CA.")
    static final class SelfSigned extends Issue {
        @Override
        Path issue(PkiFolder folder, PkiFolder.LeafOptions options) throws java.io.IOException {
            return folder.issueSelfSigned(name, options);
        }

        @Override
        KeyType defaultKeyType() {
            return KeyType.EC_P256;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke CERT (issued by this PKI) and rewrite crl.pem.")
    static final class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIR") Path dir;
        @Parameters(index = "1", paramLabel = "CERT") Path cert;

        @Override
        public Integer call() throws Exception {
            Path crl = PkiFolder.open(dir).revoke(cert);
            spec.commandLine().getOut().println("revoked " + cert + "; CRLs rewritten to " + crl + " (restart the broker to reload it)");
            return 0;
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true, description = "Re-sign crl.pem with every revocation so far.")
    static final class Crl implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIR") Path dir;
        @Option(names = "--days", defaultValue = "30", description = "Validity (nextUpdate) in days (default ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println("wrote " + PkiFolder.open(dir).writeCrl(Duration.ofDays(days)));
            return 0;
        }
    }

    @Command(name = "psk", mixinStandardHelpOptions = true, description = "Add a random PSK to psk.txt (mosquitto's psk_file) and print it.")
    static final class Psk implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIR") Path dir;
        @Option(names = "--identity", defaultValue = "device-1", description = "PSK identity (default ${DEFAULT-VALUE}).")
        String identity;
        @Option(names = "--bytes", defaultValue = "32", description = "Key length in bytes, 16 to 64 (default ${DEFAULT-VALUE}).")
        int bytes;

        @Override
        public Integer call() throws Exception {
            if (bytes < 16 || bytes > 64) throw new IllegalArgumentException("--bytes must be 16 to 64");
            java.nio.file.Files.createDirectories(dir);
            String hex = PskFile.appendRandom(dir.resolve("psk.txt"), identity, bytes);
            PrintWriter out = spec.commandLine().getOut();
            out.println("added identity '" + identity + "' to " + dir.resolve("psk.txt"));
            out.println("use: --psk-identity " + identity + " --psk " + hex);
            return 0;
        }
    }
}
