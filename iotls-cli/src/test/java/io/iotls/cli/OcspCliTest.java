package io.iotls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.OcspResponses;
import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import org.junit.jupiter.api.Test;

/** {@code --ocsp} on the command line: OpenSSL's s_server staples, mosquitto cannot. */
class OcspCliTest {
    @Test
    void probeShowsTheStapledAnswerAndARevokedBrokerExitsAsARejectedCertificate() throws Exception {
        TestPki pki = TestPki.create(TempFiles.directory("ocsp-cli"));
        var good = OcspResponses.openssl(pki.file("intermediate.crt"), pki.file("intermediate.crt"), pki.file("intermediate.key"),
                pki.server().certificate(), OcspResponses.Status.GOOD, 1);
        var revoked = OcspResponses.openssl(pki.file("intermediate.crt"), pki.file("intermediate.crt"), pki.file("intermediate.key"),
                pki.server().certificate(), OcspResponses.Status.REVOKED, 1);
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).arg("-status_file", good.toString()).start()) {
            Cli ok = Cli.run("probe", "localhost:" + server.port(), "--cafile", pki.caFile().toString(), "--ocsp", "require", "--no-mqtt");
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("OCSP response stapled: good");
        }
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).arg("-status_file", revoked.toString()).start()) {
            Cli refused = Cli.run("probe", "localhost:" + server.port(), "--cafile", pki.caFile().toString(), "--no-mqtt");
            assertThat(refused.exitCode()).isEqualTo(5);
            assertThat(refused.out() + refused.err()).contains("revoked by its CA's OCSP responder");
        }
        try (var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).start()) {
            Cli require = Cli.run("pub", "-h", "localhost", "-p", String.valueOf(broker.port()), "--cafile", pki.caFile().toString(),
                    "--ocsp", "require", "-t", "t", "-m", "x");
            assertThat(require.exitCode()).as("mosquitto staples nothing: %s", require.err()).isEqualTo(8);
            assertThat(require.err()).contains("no OCSP response stapled");
            Cli soft = Cli.run("pub", "-h", "localhost", "-p", String.valueOf(broker.port()), "--cafile", pki.caFile().toString(),
                    "-t", "t", "-m", "x");
            assertThat(soft.exitCode()).as(soft.err()).isZero();
            assertThat(Cli.run("pub", "--ocsp", "sometimes", "--cafile", pki.caFile().toString(), "-t", "t", "-m", "x").err())
                    .contains("soft, require or ignore");
        }
    }
}
