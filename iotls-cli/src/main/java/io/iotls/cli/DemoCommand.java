package io.iotls.cli;

import io.iotls.testkit.Issued;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TestPki;
import io.iotls.transport.ClientAuth;
import io.iotls.transport.PskKey;
import io.iotls.transport.TlsOptions;
import io.iotls.transport.TlsServerEndpoint;
import io.iotls.transport.TlsServerOptions;
import io.iotls.transport.TlsVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true, description = {"Run every TLS mode of the transport layer on this machine, nothing to install: ",
        "makes a test PKI in a temp folder, starts iotls TLS endpoints on 127.0.0.1, probes each mode and prints each handshake, ",
        "then a revoked client certificate and a wrong PSK being refused. Stops all it started."})
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--keep", description = "Keep the temp PKI folder (its path is printed).")
    boolean keep;

    @Option(names = "--quiet", description = "Print only the summary table.")
    boolean quiet;

    private record Case(String mode, boolean shouldSucceed, TlsOptions options, int port, String equivalentCommand) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("iotls-demo-");
        List<TlsServerEndpoint> endpoints = new ArrayList<>();
        try {
            out.println("iotls demo: test PKI in " + dir + " (RSA server certificate, EC client certificates, random PSK)");
            TestPki pki = TestPki.create(dir);
            Issued revoked = pki.intermediate().client("revoked-device").issue();
            PemFiles.writeCertificates(dir.resolve("revoked-device.crt"), revoked.chain());
            PemFiles.writeKey(dir.resolve("revoked-device.key"), revoked.key());
            pki.revoke(revoked);

            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            TlsServerEndpoint.Handler echo = c -> c.input().transferTo(c.output());
            TlsServerEndpoint serverAuth = start(endpoints, loopback, TlsServerOptions.builder()
                    .certificate(pki.serverCertFile(), pki.serverKeyFile(), null)
                    .cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:"
                            + "TLS_RSA_WITH_AES_128_GCM_SHA256").build(), echo);
            TlsServerEndpoint mutual = start(endpoints, loopback, TlsServerOptions.builder()
                    .certificate(pki.serverCertFile(), pki.serverKeyFile(), null)
                    .clientCaFile(pki.caFile(), ClientAuth.REQUIRED).crlFile(pki.crlFile()).build(), echo);
            TlsServerEndpoint selfSigned = start(endpoints, loopback, TlsServerOptions.builder()
                    .certificate(pki.serverCertFile(), pki.serverKeyFile(), null)
                    .clientCaFile(pki.selfSignedClientCertFile(), ClientAuth.REQUIRED).build(), echo);
            TlsServerEndpoint psk = start(endpoints, loopback, TlsServerOptions.builder()
                    .psk(pki.pskIdentity(), PskKey.ofHex(pki.pskHex())).pskHint("iotls-demo").build(), echo);

            String ca = " --cafile " + pki.caFile();
            List<Case> cases = List.of(
                    new Case("server authentication, TLS 1.3", true,
                            TlsOptions.builder().caFile(pki.caFile()).build(), serverAuth.port(), ca),
                    new Case("server authentication, TLS 1.2 ECDHE", true,
                            TlsOptions.builder().caFile(pki.caFile()).versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build(),
                            serverAuth.port(), ca + " --tls-max-version tlsv1.2"),
                    new Case("static RSA key exchange (the seed's example suite)", true,
                            TlsOptions.builder().caFile(pki.caFile()).cipherSuites("TLS_RSA_WITH_AES_128_GCM_SHA256")
                                    .versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build(), serverAuth.port(),
                            ca + " --ciphers TLS_RSA_WITH_AES_128_GCM_SHA256 --tls-max-version tlsv1.2"),
                    new Case("mutual TLS, CA-signed client certificate", true,
                            TlsOptions.builder().caFile(pki.caFile()).clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null).build(),
                            mutual.port(), ca + " --cert " + pki.clientCertFile() + " --key " + pki.clientKeyFile()),
                    new Case("mutual TLS, self-signed client certificate", true,
                            TlsOptions.builder().caFile(pki.caFile())
                                    .clientCertificate(pki.selfSignedClientCertFile(), pki.selfSignedClientKeyFile(), null).build(),
                            selfSigned.port(), ca + " --cert " + pki.selfSignedClientCertFile() + " --key " + pki.selfSignedClientKeyFile()),
                    new Case("pre-shared key, TLS 1.2 (ECDHE-PSK, identity hint)", true,
                            TlsOptions.builder().psk(pki.pskIdentity(), PskKey.ofHex(pki.pskHex()))
                                    .versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build(), psk.port(),
                            " --psk-identity " + pki.pskIdentity() + " --psk <hex from psk.txt> --tls-max-version tlsv1.2"),
                    new Case("pre-shared key, TLS 1.3 (external PSK, psk_dhe_ke)", true,
                            TlsOptions.builder().psk(pki.pskIdentity(), PskKey.ofHex(pki.pskHex())).build(), psk.port(),
                            " --psk-identity " + pki.pskIdentity() + " --psk <hex from psk.txt>"),
                    new Case("REVOKED client certificate (must be refused)", false,
                            TlsOptions.builder().caFile(pki.caFile())
                                    .clientCertificate(dir.resolve("revoked-device.crt"), dir.resolve("revoked-device.key"), null).build(),
                            mutual.port(), ca + " --cert revoked-device.crt --key revoked-device.key"),
                    new Case("WRONG PSK key (must be refused)", false,
                            TlsOptions.builder().psk(pki.pskIdentity(), PskKey.ofHex("00112233445566778899aabbccddeeff")).build(),
                            psk.port(), " --psk-identity " + pki.pskIdentity() + " --psk 00112233445566778899aabbccddeeff"));

            List<String[]> summary = new ArrayList<>();
            int i = 1;
            boolean allAsExpected = true;
            for (Case c : cases) {
                Probe.Outcome o = Probe.run("localhost", c.port(), c.options(), Probe.After.ECHO, null, null, Duration.ofSeconds(2));
                boolean succeeded = o.exitCode() == ExitCode.OK;
                boolean asExpected = succeeded == c.shouldSucceed();
                allAsExpected &= asExpected;
                if (!quiet) {
                    out.println();
                    out.println("== " + i + ". " + c.mode() + " ==");
                    out.println("$ iotls probe localhost:" + c.port() + c.equivalentCommand() + " --no-mqtt");
                    out.print(ProbeReport.text(o));
                }
                String result = succeeded ? "connected, " + o.trace().flatMap(t -> t.cipherSuite()).map(s -> s.ianaName()).orElse("?")
                        : "refused at " + o.failure().map(f -> f.step() + ": " + f.reason().summary()).orElse(o.otherError().orElse("?"));
                summary.add(new String[] {String.valueOf(i++), c.mode(), result, asExpected ? "as expected" : "UNEXPECTED"});
            }
            out.println();
            out.println("Summary");
            int width = summary.stream().mapToInt(r -> r[1].length()).max().orElse(10);
            for (String[] r : summary) out.printf("%2s  %-" + width + "s  %-12s %s%n", r[0], r[1], r[3], r[2]);
            out.println(allAsExpected ? "All modes behaved as expected." : "SOME MODES DID NOT BEHAVE AS EXPECTED.");
            return allAsExpected ? 0 : 1;
        } finally {
            endpoints.forEach(TlsServerEndpoint::close);
            if (keep) out.println("PKI kept in " + dir);
            else deleteRecursively(dir);
            out.flush();
        }
    }

    private static TlsServerEndpoint start(List<TlsServerEndpoint> started, InetSocketAddress bind, TlsServerOptions options,
                                           TlsServerEndpoint.Handler handler) throws IOException {
        TlsServerEndpoint endpoint = TlsServerEndpoint.start(bind, options, handler);
        started.add(endpoint);
        return endpoint;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
