package io.iotls.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Test peers and fixtures clean up after themselves: a test run must not fill /tmp with logs and keys. */
class PeersLeaveNothingBehindTest {
    @Test
    void closingTheBrokerDeletesItsFolderWithConfigurationAndLogs() throws IOException {
        Path folder;
        try (MosquittoBroker broker = MosquittoBroker.builder().start()) {
            folder = broker.config().getParent();
            broker.restart(); // a restart keeps the configuration it needs
            assertThat(broker.log()).contains(" running");
            assertThat(folder.resolve("mosquitto.conf")).exists();
        }
        assertThat(folder).doesNotExist();
    }

    @Test
    void aBrokerThatFailsToStartLeavesNoFolder() throws IOException {
        Peers.require("mosquitto");
        List<Path> before = brokerFolders();
        assertThatThrownBy(() -> MosquittoBroker.builder().line("no_such_option true").start())
                .isInstanceOf(IOException.class).hasMessageContaining("no_such_option");
        assertThat(brokerFolders()).isEqualTo(before);
    }

    @Test
    void anOpensslServerDeletesItsLogAndChainFileWhenClosed() throws IOException {
        TestPki pki = TestPki.create(TempFiles.directory("cleanup-pki"));
        List<Path> before = files("openssl-s_server-", "s_server-chain-");
        try (OpensslServer server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start()) {
            assertThat(files("openssl-s_server-", "s_server-chain-")).hasSize(before.size() + 2); // chain + log
            assertThat(server.log()).contains("ACCEPT");
        }
        assertThat(files("openssl-s_server-", "s_server-chain-")).isEqualTo(before);
    }

    @Test
    void deleteTreeRemovesNestedFoldersAndToleratesAMissingPath() throws IOException {
        Path root = TempFiles.directory("tree");
        Files.writeString(Files.createDirectories(root.resolve("a/b")).resolve("key.pem"), "secret");
        TempFiles.deleteTree(root);
        assertThat(root).doesNotExist();
        TempFiles.deleteTree(root); // already gone: no error
    }

    /** A JVM ended by SIGTERM (as Ctrl-C or a CI timeout ends it) stops its broker and deletes its PKI and folders. */
    @Test
    void aJvmEndedBySigtermLeavesNoPeerAndNoFiles() throws Exception {
        Peers.require("mosquitto");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldsABroker.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ProcessHandle broker = null;
        try {
            String[] started = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine().split(" ");
            Path pki = Path.of(started[0]);
            Path brokerFolder = Path.of(started[1]);
            broker = ProcessHandle.of(Long.parseLong(started[2])).orElseThrow();
            assertThat(pki.resolve("ca.key")).exists();
            assertThat(broker.isAlive()).isTrue();

            child.destroy(); // SIGTERM
            assertThat(child.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(broker.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(pki).doesNotExist();
            assertThat(brokerFolder).doesNotExist();
        } finally {
            child.destroyForcibly();
            if (broker != null) broker.destroy(); // only if this test failed: it started that broker
        }
    }

    /** Run in a child JVM by the test above: a PKI folder and a broker, then waits to be ended. */
    public static final class HoldsABroker {
        public static void main(String[] args) throws Exception {
            Path pki = TempFiles.directory("sigterm-pki-");
            Files.writeString(pki.resolve("ca.key"), "not a real key");
            MosquittoBroker broker = MosquittoBroker.builder().start();
            System.out.println(pki + " " + broker.config().getParent() + " " + broker.pid());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    private static List<Path> brokerFolders() throws IOException {
        return files("mosquitto-");
    }

    private static List<Path> files(String... prefixes) throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> Stream.of(prefixes).anyMatch(p.getFileName().toString()::startsWith)).sorted().toList();
        }
    }
}
