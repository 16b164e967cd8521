package io.iotls.cli;

import io.iotls.transport.TlsServerEndpoint;
import io.iotls.transport.TlsServerOptions;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The training run of the launcher's ahead-of-time cache (JDK 25+, {@code -XX:AOTCacheOutput}): what {@code iotls pub},
 * {@code sub} and {@code probe} do on every start, done once at build time so that their classes are loaded, linked
 * and profiled from the cache afterwards. A test PKI in a temporary folder, an iotls TLS endpoint on 127.0.0.1 that
 * answers just enough MQTT (CONNACK, PUBACK, SUBACK), then pub and probe against it over TLS 1.3. Hidden: not for users.
 */
@Command(name = "aot-training", hidden = true, description = "The training run of the launcher's AOT cache.")
final class AotTrainingCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("iotls-aot-training");
        StringWriter sink = new StringWriter();
        try {
            CommandLine quiet = IotlsCommand.commandLine();
            quiet.setOut(new PrintWriter(sink));
            quiet.setErr(new PrintWriter(sink));
            Path pki = dir.resolve("pki");
            if (quiet.execute("pki", "init", pki.toString()) != 0) return 1;
            TlsServerOptions options = TlsServerOptions.builder()
                    .certificate(pki.resolve("server.crt"), pki.resolve("server.key"), null).build();
            try (TlsServerEndpoint broker = TlsServerEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), options,
                    c -> answerMqtt(c.input(), c.output()))) {
                String port = String.valueOf(broker.port());
                String ca = pki.resolve("ca.crt").toString();
                int failed = 0;
                for (String qos : new String[] {"0", "1"}) {
                    failed += quiet.execute("pub", "-h", "localhost", "-p", port, "--cafile", ca, "-t", "aot/training", "-m", "x", "-q", qos);
                }
                failed += quiet.execute("pub", "-h", "localhost", "-p", port, "--cafile", ca, "-t", "aot/training", "-m", "x", "-V", "5");
                failed += quiet.execute("sub", "-h", "localhost", "-p", port, "--cafile", ca, "-t", "aot/#", "-E");
                failed += quiet.execute("probe", "localhost:" + port, "--cafile", ca);
                if (failed != 0) System.err.println("aot-training: a command failed: " + sink);
                return failed == 0 ? 0 : 1;
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Just enough of a broker for the training: CONNACK to CONNECT, PUBACK to QoS 1, SUBACK; ends at DISCONNECT. */
    private static void answerMqtt(InputStream in, OutputStream out) throws IOException {
        DataInputStream data = new DataInputStream(in);
        boolean v5 = false;
        while (true) {
            int header = data.read();
            if (header < 0) return;
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                int b = data.readUnsignedByte();
                length |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) break;
            }
            byte[] body = data.readNBytes(length);
            switch (header >>> 4) {
                case 1 -> { // CONNECT: protocol level at offset 6
                    v5 = body.length > 6 && body[6] == 5;
                    out.write(v5 ? new byte[] {0x20, 3, 0, 0, 0} : new byte[] {0x20, 2, 0, 0});
                }
                case 3 -> { // PUBLISH: QoS 1 needs PUBACK with the packet id after the topic
                    if (((header >> 1) & 3) == 1) {
                        int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
                        out.write(new byte[] {0x40, 2, body[2 + topicLength], body[3 + topicLength]});
                    }
                }
                case 8 -> out.write(v5 ? new byte[] {(byte) 0x90, 4, body[0], body[1], 0, 0} : new byte[] {(byte) 0x90, 3, body[0], body[1], 0});
                case 12 -> out.write(new byte[] {(byte) 0xd0, 0}); // PINGRESP
                case 14 -> { return; } // DISCONNECT
                default -> { }
            }
            out.flush();
        }
    }
}
