package io.iotls.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.Peers;
import io.iotls.testkit.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark harness runs end to end (tiny counts: this checks the harness, it measures nothing). */
class BenchSmokeTest {
    @Test
    void quickRunProducesEveryLineForEveryContender() throws Exception {
        Peers.require("mosquitto");
        Path report = TempFiles.file("bench", ".md");
        int exit = new CommandLine(new BenchCommand()).execute("--quick", "--idle", "10", "--out", report.toString());
        assertThat(exit).isZero();
        String md = Files.readString(report);
        assertThat(md).contains("| line | iotls | HiveMQ | Paho | raw JSSE |")
                .contains("TLS 1.3 (RSA server) handshake + CONNECT, sequential").contains("8 concurrent")
                .contains("TLS 1.3 (ECDSA server)").contains("TLS 1.2 ECDHE-RSA").contains("mutual TLS 1.3")
                .contains("| PSK TLS 1.3 (psk_dhe_ke) handshake + CONNECT, sequential (/s) |").contains("| n/a |")
                .contains("QoS 1, 64 B, window 10").contains("QoS 1, 64 B, window 1000").contains("publish to PUBACK")
                .contains("received as a subscriber").contains("16 KiB").contains("idle TLS 1.3 connections")
                .contains("resumed vs full").contains("| TLS 1.3 (RSA server) resumed handshake + CONNECT, sequential (/s) |")
                .contains("| mutual TLS 1.3 resumed handshake + CONNECT, sequential (/s) |")
                .doesNotContain("NaN").doesNotContain("Infinity");
    }
}
