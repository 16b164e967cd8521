package io.iotls.cli;

import io.iotls.mqtt.MqttVersion;
import io.iotls.transport.TlsOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "probe", sortOptions = false,
        description = "Connect to a broker over TLS and show the handshake in the steps of the TLS 1.2 walk-through "
                + "(ClientHello ... Finished, ApplicationData), the negotiated version and suite, the peer chain and the verdict; "
                + "then send MQTT CONNECT and read CONNACK (a TLS 1.3 broker rejects a client certificate only then).",
        footer = {"", "Exit codes:", "%s"})
final class ProbeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit (-h and -V are taken: mosquitto's host and protocol version).")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST[:PORT]", description = "Broker address; port 8883 unless given ([::1]:8883 for IPv6).")
    String target;

    @Option(names = "--list-ciphers", description = "List the cipher suites iotls knows (IANA and OpenSSL names, TLS version, key "
            + "exchange, forward secrecy, default or only when named) and exit.")
    boolean listCiphers;

    @Mixin TlsOptionsMixin tls;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the handshake as a self-contained page: a sequence "
            + "diagram of client and broker, the failing step in red with its hint, the broker's certificates with their dates.")
    java.nio.file.Path html;

    @Option(names = "--no-mqtt", description = "Plain TLS peer (e.g. openssl s_server): after the handshake only wait briefly for a late alert.")
    boolean noMqtt;

    @Option(names = {"-V", "--protocol-version"}, paramLabel = "VERSION", defaultValue = "311", description = "MQTT version of the CONNECT: 311 or 5 (default ${DEFAULT-VALUE}).")
    String mqttVersion;

    @Option(names = {"-i", "--id"}, paramLabel = "ID", description = "MQTT client id (default: iotls-probe-<pid>).")
    String clientId;

    @Option(names = "--wait", paramLabel = "MILLIS", defaultValue = "1000", description = "How long to wait for CONNACK or a late alert (default ${DEFAULT-VALUE} ms).")
    long waitMillis;

    @Override
    public Integer call() {
        if (listCiphers) {
            spec.commandLine().getOut().print(cipherTable());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (target == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'HOST[:PORT]'");
        HostPort hp = HostPort.parse(target, 8883);
        TlsOptions options = tls.toOptions();
        Probe.Outcome outcome = Probe.run(hp.host(), hp.port(), options, noMqtt ? Probe.After.WAIT_FOR_LATE_ALERT : Probe.After.MQTT_CONNECT,
                MqttVersion.parse(mqttVersion), clientId != null ? clientId : "iotls-probe-" + ProcessHandle.current().pid(),
                Duration.ofMillis(waitMillis));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ProbeReport.json(outcome) + "\n" : ProbeReport.text(outcome));
        out.flush();
        if (html != null) {
            try {
                java.nio.file.Files.writeString(html, HandshakePage.html(outcome));
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("Error: cannot write the page " + html + ": " + e.getMessage());
                return ExitCode.USAGE.code;
            }
        }
        return outcome.exitCode().code;
    }

    /** Every suite, one line each, in iotls' order of preference. */
    static String cipherTable() {
        var certDefaults = io.iotls.transport.CipherSuite.defaultsForCertificates();
        var pskDefaults = io.iotls.transport.CipherSuite.defaultsForPsk();
        StringBuilder s = new StringBuilder(String.format("%-46s %-30s %-7s %-11s %-3s %s%n", "IANA name", "OpenSSL name", "TLS", "key exchange",
                "FS", "used"));
        for (var c : io.iotls.transport.CipherSuite.values()) {
            String used = certDefaults.contains(c) && pskDefaults.contains(c) ? "default"
                    : certDefaults.contains(c) ? "default (certificates)" : pskDefaults.contains(c) ? "default (PSK)" : "only when named (--ciphers)";
            s.append(String.format("%-46s %-30s %-7s %-11s %-3s %s%n", c.ianaName(), c.openSslName(), c.isTls13() ? "1.3" : "1.2",
                    c.isTls13() ? "any" : c.keyExchange().name().replace('_', '-'), c.isTls13() || c.keyExchange().isForwardSecret() ? "yes" : "no",
                    used));
        }
        return s.toString();
    }
}
