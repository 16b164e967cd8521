package io.iotls.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.Peers;
import io.iotls.testkit.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./iotls bench faults} end to end on a short stream (300 + 300 messages, a 1 s stall) for iotls over MQTT
 * 3.1.1: the whole timeline runs, the section of the document is replaced, and iotls loses and doubles nothing.
 */
class FaultRunSmokeTest {
    @Test
    void aShortRunWritesItsTableIntoTheDocumentAndIotlsLosesNothing() throws Exception {
        Peers.require("mosquitto");
        Path doc = TempFiles.file("reliability", ".md");
        Files.writeString(doc, "# before\n" + FaultRunCommand.BEGIN + "\nold\n" + FaultRunCommand.END + "\nafter\n");
        int exit = new CommandLine(new FaultRunCommand()).execute("--messages", "300", "--stall", "1s", "--gap", "200ms",
                "--clients", "iotls", "--versions", "311", "--update", doc.toString());
        assertThat(exit).isZero();
        String md = Files.readString(doc);
        assertThat(md).startsWith("# before\n").endsWith("\nafter\n").doesNotContain("\nold\n")
                .contains("cut, cut, cut, stall, cut, restart, cut, cut, kill, cut, restart, cut, cut, restart, cut");
        String row = md.lines().filter(l -> l.startsWith("| iotls | 3.1.1 |")).findFirst().orElseThrow();
        String[] cells = row.split("\\|");
        assertThat(cells[3].trim()).as("QoS 1 lost").isEqualTo("0");
        assertThat(cells[4].trim()).as("QoS 2 lost").isEqualTo("0");
        assertThat(cells[5].trim()).as("QoS 2 twice").isEqualTo("0");
        assertThat(cells[9].trim()).as("most connections at once").isEqualTo("1");
        assertThat(cells[11].trim()).as("rc151 in mosquitto's log").isEqualTo("0");
        int connections = Integer.parseInt(cells[8].trim().split(" ")[0]);
        assertThat(connections).as("connections for 15 faults").isBetween(2, 40);
    }
}
