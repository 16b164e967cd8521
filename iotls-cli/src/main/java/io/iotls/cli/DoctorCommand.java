package io.iotls.cli;

import io.iotls.mqtt.MqttVersion;
import io.iotls.transport.Password;
import io.iotls.transport.SetupCheck;
import io.iotls.transport.SetupFinding;
import io.iotls.transport.SetupFinding.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "doctor", sortOptions = false,
        description = {"Check a device's TLS files (or, with --broker or --mosquitto-conf, a broker's) before anything connects, "
                + "and say what to fix, one line per check: the key belongs to the certificate; the certificate file lists its chain "
                + "in order; the CA file holds the issuer; dates (a warning 30 days ahead); extended key usage; key and signature "
                + "strength; the broker's name in its certificate (--servername); CRLs signed, current, and whether they revoke "
                + "the certificate; the PSK's form and length; who may read the files.",
                "With HOST, then probes the broker with the same options (as iotls probe)."},
        footer = {"", "Exit codes:", "  0  nothing wrong (warnings allowed)", "  1  a problem in the files",
                "  3-8  the files are fine, the probe failed (as iotls probe: see iotls probe --help)"})
final class DoctorCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST[:PORT]", description = "Also probe this broker (port 8883 unless given).")
    String target;

    @Mixin TlsOptionsMixin tls;

    @Option(names = "--broker", description = "The files are a broker's: its certificate must allow serverAuth; with --servername, carry that name.")
    boolean broker;

    @Option(names = "--mosquitto-conf", paramLabel = "FILE", description = "Check the files a mosquitto.conf names (cafile, certfile, "
            + "keyfile, crlfile), as a broker's, and whether its user (mosquitto, or the conf's 'user') can read them.")
    Path mosquittoConf;

    @Option(names = "--json", description = "Print one JSON object instead of the lines.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        SetupCheck.Builder check = broker || mosquittoConf != null ? SetupCheck.forBroker() : SetupCheck.forDevice();
        if (mosquittoConf != null) fromMosquittoConf(check);
        else fromOptions(check);
        List<SetupFinding> findings = check.build().run();
        Optional<Probe.Outcome> probe = Optional.empty();
        if (target != null) {
            HostPort hp = HostPort.parse(target, 8883);
            probe = Optional.of(Probe.run(hp.host(), hp.port(), tls.toOptions(), Probe.After.MQTT_CONNECT, MqttVersion.V3_1_1,
                    "iotls-doctor-" + ProcessHandle.current().pid(), Duration.ofSeconds(1)));
        }
        PrintWriter out = spec.commandLine().getOut();
        String role = broker || mosquittoConf != null ? "broker" : "device";
        out.print(json ? json(role, findings, probe) + "\n" : text(role, findings, probe));
        out.flush();
        if (!SetupCheck.allWell(findings)) return 1;
        return probe.map(o -> o.exitCode().code).orElse(0);
    }

    private void fromOptions(SetupCheck.Builder check) {
        if (tls.cafile != null) check.caFile(tls.cafile);
        if (tls.cert != null) {
            Password password = tls.keyPassword();
            String name = tls.cert.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".p12") || name.endsWith(".pfx")) check.pkcs12(tls.cert, password);
            else if (tls.key == null) throw new IllegalArgumentException("--cert needs --key (or give a PKCS#12 file ending in .p12)");
            else check.certificate(tls.cert, tls.key, password);
        } else if (tls.key != null) {
            throw new IllegalArgumentException("--key needs --cert");
        }
        tls.crlFiles.forEach(check::crlFile);
        if (tls.psk != null || tls.pskIdentity != null) check.psk(tls.pskIdentity, tls.psk);
        if (tls.serverName != null) check.serverName(tls.serverName);
    }

    /** mosquitto.conf: one option per line, "name value"; the first cafile/certfile/keyfile, every crlfile. */
    private void fromMosquittoConf(SetupCheck.Builder check) throws IOException {
        if (!Files.isReadable(mosquittoConf)) throw new IllegalArgumentException("cannot read " + mosquittoConf + " (--mosquitto-conf)");
        Path base = mosquittoConf.toAbsolutePath().getParent();
        Map<String, String> first = new LinkedHashMap<>();
        String user = "mosquitto"; // Debian's mosquitto drops to this user unless the conf says otherwise
        Path cert = null;
        Path key = null;
        for (String raw : Files.readAllLines(mosquittoConf)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+", 2);
            if (parts.length < 2) continue;
            String value = parts[1].strip();
            switch (parts[0]) {
                case "cafile" -> first.putIfAbsent("cafile", value);
                case "certfile" -> cert = cert != null ? cert : base.resolve(value);
                case "keyfile" -> key = key != null ? key : base.resolve(value);
                case "crlfile" -> check.crlFile(base.resolve(value));
                case "user" -> user = value;
                default -> { }
            }
        }
        if (first.containsKey("cafile")) check.caFile(base.resolve(first.get("cafile")));
        if (cert != null && key != null) check.certificate(cert, key, tls.keyPassword());
        else if (cert != null || key != null) throw new IllegalArgumentException(mosquittoConf + " names a " + (cert != null ? "certfile without a keyfile" : "keyfile without a certfile"));
        if (!user.equals("root")) check.brokerUser(user);
        if (tls.serverName != null) check.serverName(tls.serverName);
    }

    static String text(String role, List<SetupFinding> findings, Optional<Probe.Outcome> probe) {
        StringBuilder s = new StringBuilder("iotls doctor: " + role + " files\n");
        for (SetupFinding f : findings) {
            String status = f.status() == Status.PROBLEM ? "PROBLEM" : f.status().label();
            s.append(String.format("  %-8s %-13s %s%n", status, f.check(), f.message()));
            f.fix().ifPresent(fix -> s.append(String.format("  %-8s %-13s fix: %s%n", "", "", fix)));
        }
        long problems = findings.stream().filter(f -> f.status() == Status.PROBLEM).count();
        long warnings = findings.stream().filter(f -> f.status() == Status.WARNING).count();
        s.append(problems == 0 && warnings == 0 ? "nothing wrong\n"
                : plural(problems, "problem") + ", " + plural(warnings, "warning")
                        + (problems > 0 ? ": fix the problems before connecting\n" : "\n"));
        probe.ifPresent(o -> s.append('\n').append(ProbeReport.text(o)));
        return s.toString();
    }

    static String json(String role, List<SetupFinding> findings, Optional<Probe.Outcome> probe) {
        List<Map<String, Object>> list = findings.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", f.check());
            m.put("status", f.status().label());
            m.put("message", f.message());
            m.put("fix", f.fix().orElse(null));
            return m;
        }).toList();
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("role", role);
        top.put("ok", SetupCheck.allWell(findings));
        top.put("findings", list);
        String files = Json.write(top);
        return probe.map(o -> files.substring(0, files.length() - 1) + ",\"probe\":" + ProbeReport.json(o) + "}").orElse(files);
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
