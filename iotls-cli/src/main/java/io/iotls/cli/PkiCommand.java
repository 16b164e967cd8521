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
            out.println("mosquitto.conf:  listener 8883 / cafile " + pki.caFile() + " / certfile " + pki.serverCertFile()
                    + " / keyfile " + pki.serverKeyFile() + " / require_certificate true / crlfile " + pki.crlFile());
            return 0;
        }
    }

    /** What the issuing subcommands share: the PKI folder, the certificate's name, its key type. */
    abstract static class Issue implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIR") Path dir;
        @Parameters(index = "1", paramLabel = "NAME") String name;
        @Option(names = "--key-type", description = "rsa, p256, p384 or ed25519 (default: rsa for servers, p256 otherwise).")
        String keyType;

        abstract Path issue(PkiFolder folder, KeyType type) throws java.io.IOException;

        abstract KeyType defaultKeyType();

        @Override
        public Integer call() throws Exception {
            Path cert = issue(PkiFolder.open(dir), keyType == null ? defaultKeyType() : KeyType.parse(keyType));
            spec.commandLine().getOut().println("wrote " + cert + " and " + name + ".key");
            return 0;
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true, description = "Issue NAME.crt/NAME.key for a server, signed by the intermediate.")
    static final class Server extends Issue {
        @Option(names = "--san", paramLabel = "NAME", description = "subjectAltName (DNS name or IP); repeatable. Default: NAME.")
        List<String> sans = new ArrayList<>();

        @Override
        Path issue(PkiFolder folder, KeyType type) throws java.io.IOException {
            return folder.issueServer(name, sans.isEmpty() ? List.of(name) : sans, type);
        }

        @Override
        KeyType defaultKeyType() {
            return KeyType.RSA_2048; // RSA also allows the static-RSA suites of the seed's example
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true, description = "Issue NAME.crt/NAME.key for a client (clientAuth), signed by the intermediate.")
    static final class Client extends Issue {
        @Override
        Path issue(PkiFolder folder, KeyType type) throws java.io.IOException {
            return folder.issueClient(name, type);
        }

        @Override
        KeyType defaultKeyType() {
            return KeyType.EC_P256;
        }
    }

    @Command(name = "self-signed", mixinStandardHelpOptions = true, description = "Make a self-signed NAME.crt/NAME.key; the broker must list the certificate itself as a CA.")
    static final class SelfSigned extends Issue {
        @Override
        Path issue(PkiFolder folder, KeyType type) throws java.io.IOException {
            return folder.issueSelfSigned(name, type);
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
